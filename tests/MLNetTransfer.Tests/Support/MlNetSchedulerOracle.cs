using System.Reflection;
using Microsoft.ML.Trainers;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// ML.NET's own learning rate for a step, from its internal GetLearningRate(DnnTrainState) (what Microsoft.ML.Vision calls),
/// reached by reflection: the reference the library's schedule is checked against. Test code only.
/// </summary>
public static class MlNetSchedulerOracle
{
    private static readonly Type StateType = typeof(LearningRateScheduler).Assembly.GetType("Microsoft.ML.Trainers.DnnTrainState", throwOnError: true)!;

    private static readonly MethodInfo GetLearningRate = typeof(LearningRateScheduler)
        .GetMethod("GetLearningRate", BindingFlags.Instance | BindingFlags.NonPublic, [StateType])!;

    public static float Rate(LearningRateScheduler scheduler, int epoch, int batchIndex, int batchesPerEpoch, int batchSize)
    {
        var state = Activator.CreateInstance(StateType, nonPublic: true)!;
        StateType.GetField("CurrentEpoch")!.SetValue(state, epoch);
        StateType.GetField("CurrentBatchIndex")!.SetValue(state, batchIndex);
        StateType.GetField("BatchesPerEpoch")!.SetValue(state, batchesPerEpoch);
        StateType.GetField("BatchSize")!.SetValue(state, batchSize);
        return (float)GetLearningRate.Invoke(scheduler, [state])!;
    }
}
