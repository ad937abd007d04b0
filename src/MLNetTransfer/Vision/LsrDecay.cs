namespace MLNetTransfer.Vision;

/// <summary>
/// Linear scaling rule with step decay, as Microsoft.ML.Vision's LsrDecay (from TensorFlow's ResNet-CIFAR benchmark):
/// <c>lr = BaseLearningRate * batchSize / 128 * factor(epoch)</c>, where <c>epoch = globalStep / batchesPerEpoch</c> and
/// <c>factor</c> is the scaling factor of the first schedule item whose start epoch is at most <c>epoch</c> (1 if none).
/// </summary>
public sealed class LsrDecay : LearningRateScheduler
{
    /// <summary>One step of the schedule: from <see cref="Epoch"/> on, the rate is multiplied by <see cref="ScalingFactor"/>.</summary>
    public readonly struct LearningRateSchedulerItem
    {
        /// <summary>Start epoch to match with the scaling factor.</summary>
        public readonly int Epoch;

        /// <summary>Multiplier applied to the linearly scaled base rate.</summary>
        public readonly float ScalingFactor;

        public LearningRateSchedulerItem(int epoch, float scalingfactor)
        {
            Epoch = epoch;
            ScalingFactor = scalingfactor;
        }
    }

    // Vision's default: ordered with the largest start epoch first, so the first match wins.
    private static readonly IReadOnlyList<LearningRateSchedulerItem> DefaultSchedule =
    [
        new(182, 0.0001f),
        new(136, 0.01f),
        new(91, 0.1f),
        new(0, 1.0f),
    ];

    private readonly IReadOnlyList<LearningRateSchedulerItem> _lrSchedule;

    /// <summary>Base learning rate, before the linear scaling by batch size.</summary>
    public readonly float BaseLearningRate;

    public LsrDecay(float baseLearningRate = 0.1f)
        : this(DefaultSchedule, baseLearningRate)
    {
    }

    /// <param name="lrschedule">Items ordered with the largest start epoch first.</param>
    /// <param name="baseLearningRate">Base learning rate, before the linear scaling by batch size.</param>
    public LsrDecay(IReadOnlyList<LearningRateSchedulerItem> lrschedule, float baseLearningRate = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(lrschedule);
        _lrSchedule = lrschedule;
        BaseLearningRate = baseLearningRate;
    }

    private protected override float Compute(int globalStep, int batchesPerEpoch, int batchSize)
    {
        int epoch = globalStep / batchesPerEpoch;
        float factor = 1.0f;
        foreach (var item in _lrSchedule)
        {
            if (epoch >= item.Epoch)
            {
                factor = item.ScalingFactor;
                break;
            }
        }
        return BaseLearningRate * batchSize / 128 * factor;
    }
}
