using MLNetTransfer.Training;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Training;

public sealed class EarlyStoppingTrainingTests
{
    // Few samples, many features, weak signal: training fits noise and the validation loss turns back up (overfitting).
    private static readonly SyntheticClasses Source = new(classCount: 3, featureCount: 120, separation: 2f, seed: 21);
    private static readonly LabeledData Train = Source.Sample(30, seed: 22);
    private static readonly LabeledData Validation = Source.Sample(300, seed: 23);

    // No L2 and a brisk rate, so overfitting sets in within a few epochs.
    private static HeadTrainingOptions Options(EarlyStopping? criteria, int epochs = 500) => new()
    {
        Epoch = epochs,
        LearningRate = 0.05f,
        L2Regularization = 0f,
        EarlyStoppingCriteria = criteria?.ToRule(),
    };

    private static HeadTrainingResult Run(HeadTrainingOptions options) => SoftmaxHeadTrainer.Train(
        Train.Features, Train.Labels, Train.FeatureCount, Source.ClassCount, Validation.Features, Validation.Labels, options);

    [Fact]
    public void StopsWhenValidationLossStallsAndReturnsTheBestEpochsWeights()
    {
        var result = Run(Options(new EarlyStopping(minDelta: 0.001f, patience: 10, metric: EarlyStoppingMetric.Loss)));

        result.StoppedEarly.Should().BeTrue();
        result.History.Count.Should().BeLessThan(500);
        var losses = result.History.Select(e => e.ValidationLoss!.Value).ToList();
        result.BestEpoch.Should().Be(losses.IndexOf(losses.Min()));
        result.BestEpoch.Should().BeLessThan(result.History.Count - 1, "the validation loss rose after its minimum");

        // The returned head reproduces the best epoch's validation metrics, not the last epoch's.
        var best = result.History[result.BestEpoch];
        HeadEvaluation.MeanCrossEntropy(result.Head, Validation).Should().BeApproximately(best.ValidationLoss!.Value, 1e-4);
        HeadEvaluation.Accuracy(result.Head, Validation).Should().BeApproximately(best.ValidationAccuracy!.Value, 1e-6);
        HeadEvaluation.MeanCrossEntropy(result.Head, Validation).Should().BeLessThan(result.History[^1].ValidationLoss!.Value - 1e-3);
    }

    [Fact]
    public void AccuracyMonitoringKeepsTheMostAccurateEpoch()
    {
        var result = Run(Options(new EarlyStopping(minDelta: 0.01f, patience: 15)));

        result.StoppedEarly.Should().BeTrue();
        float bestAccuracy = result.History.Max(e => e.ValidationAccuracy!.Value);
        result.History[result.BestEpoch].ValidationAccuracy.Should().Be(bestAccuracy);
        HeadEvaluation.Accuracy(result.Head, Validation).Should().BeApproximately(bestAccuracy, 1e-6);
    }

    [Fact]
    public void WithoutValidationSetTheTrainingSetIsMonitored()
    {
        var result = SoftmaxHeadTrainer.Train(Train.Features, Train.Labels, Train.FeatureCount, Source.ClassCount,
            Options(new EarlyStopping(minDelta: 0.01f, patience: 5)));

        // Training accuracy reaches 100% and can improve no further, so patience runs out soon after.
        result.StoppedEarly.Should().BeTrue();
        result.History.Should().OnlyContain(e => e.ValidationAccuracy == null && e.ValidationLoss == null);
        result.History[result.BestEpoch].TrainAccuracy.Should().Be(1f);
        HeadEvaluation.Accuracy(result.Head, Train).Should().Be(1.0);
    }

    [Fact]
    public void OneCriteriaInstanceServesSeveralRuns()
    {
        var options = Options(new EarlyStopping(minDelta: 0.001f, patience: 10, metric: EarlyStoppingMetric.Loss));
        var first = Run(options);
        var second = Run(options);
        second.History.Should().Equal(first.History, "the criteria's state is reset at the start of each run");
    }

    [Fact]
    public void NoEarlyStoppingReturnsTheLastEpoch()
    {
        var result = Run(Options(criteria: null, epochs: 60));
        result.StoppedEarly.Should().BeFalse();
        result.BestEpoch.Should().Be(59);
        HeadEvaluation.MeanCrossEntropy(result.Head, Validation).Should().BeApproximately(result.History[^1].ValidationLoss!.Value, 1e-4);
    }
}
