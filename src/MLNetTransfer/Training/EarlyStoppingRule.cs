namespace MLNetTransfer.Training;

/// <summary>
/// Stops training when the monitored metric has not improved by <see cref="MinDelta"/> for <see cref="Patience"/>
/// epochs in a row. The first value seen is the baseline (so a loss, which never starts at 0, can improve).
/// Holds the state of one run: take a <see cref="FreshCopy"/> for each.
/// </summary>
internal sealed class EarlyStoppingRule(float minDelta, int patience, bool monitorsLoss, bool checkIncreasing)
{
    private float? _best;
    private int _wait;

    /// <summary>True for the cross-entropy, false for the accuracy.</summary>
    public bool MonitorsLoss { get; } = monitorsLoss;

    public float MinDelta { get; set; } = Math.Abs(minDelta);

    public int Patience { get; set; } = patience;

    /// <summary>True when a larger value is an improvement.</summary>
    public bool CheckIncreasing { get; set; } = checkIncreasing;

    public static EarlyStoppingRule Default() =>
        new(TrainingDefaults.EarlyStoppingMinDelta, TrainingDefaults.EarlyStoppingPatience, monitorsLoss: false, checkIncreasing: true);

    public bool ShouldStop(EpochMetrics metrics) => ShouldStop(MonitorsLoss ? metrics.CrossEntropy : metrics.Accuracy);

    public bool ShouldStop(float current)
    {
        if (_best is float best)
        {
            float gain = CheckIncreasing ? current - best : best - current;
            if (gain < MinDelta)
            {
                _wait++;
                return _wait >= Patience;
            }
        }
        _wait = 0;
        _best = current;
        return false;
    }

    public EarlyStoppingRule FreshCopy() => new(MinDelta, Patience, MonitorsLoss, CheckIncreasing);
}
