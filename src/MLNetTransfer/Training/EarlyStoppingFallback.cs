namespace MLNetTransfer.Training;

/// <summary>
/// When early stopping on validation accuracy cannot see a difference, it watches the validation loss instead, with the
/// same patience, and never stops before <see cref="MinimumEpochs"/>. Accuracy cannot see a difference on a few dozen
/// photos (one photo moves it by several points, so it stalls for many epochs while the head still improves), nor once it
/// is 100 %: a run on a two-class set stopped with a head from epoch 1 that way, and lost to a plain fit on all photos.
/// </summary>
internal static class EarlyStoppingFallback
{
    /// <summary>Below this many validation photos, accuracy is too coarse to stop on.</summary>
    public const int MinValidationPhotos = 30;

    /// <summary>Epochs trained at least once the fallback is on.</summary>
    public const int MinimumEpochs = 10;

    /// <summary>Smallest decrease of the validation loss that counts as an improvement.</summary>
    public const float LossMinDelta = 0.001f;

    public static string TooFewPhotos(int count) =>
        $"Early stopping watches the validation loss instead of accuracy: {count} validation photo(s) are fewer than " +
        $"{MinValidationPhotos}, too few for accuracy to show progress (at least {MinimumEpochs} epochs are trained).";

    public static string PerfectAccuracy(int epoch) =>
        $"Validation accuracy reached 100 % at epoch {epoch + 1}, where it can show no further progress: early stopping " +
        $"watches the validation loss from then on (at least {MinimumEpochs} epochs are trained).";

    /// <summary>A fresh loss criterion with the accuracy one's patience, a loss tracker, and the reason.</summary>
    public static (EarlyStoppingRule Criterion, BestEpochTracker Tracker, string Reason) ToLoss(EarlyStoppingRule accuracy, SoftmaxSgd sgd, string reason) =>
        (new EarlyStoppingRule(LossMinDelta, accuracy.Patience, monitorsLoss: true, checkIncreasing: false),
         new BestEpochTracker(monitorsLoss: true, sgd.Weights.Length, sgd.Bias.Length),
         reason);
}
