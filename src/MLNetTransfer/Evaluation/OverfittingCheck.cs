using System.Globalization;
using MLNetTransfer.Training;

namespace MLNetTransfer.Evaluation;

/// <summary>What overfitting looked like in a run, in words, with what helps.</summary>
internal sealed record OverfittingDiagnosis(string Summary, IReadOnlyList<string> Suggestions);

/// <summary>
/// Names overfitting: the head reached 100 % training accuracy while validation loss rose from its lowest point. The
/// head then memorises the training images, and each further epoch makes it more confident on validation images it
/// gets wrong.
/// </summary>
internal static class OverfittingCheck
{
    /// <summary>How much validation loss must rise above its minimum (as a share of it) to count as rising.</summary>
    public const double RiseThreshold = 0.05;

    public static readonly IReadOnlyList<string> Suggestions =
    [
        "more training images per class (or fewer, cleaner classes)",
        "label smoothing (--label-smoothing 0.1)",
        "early stopping on validation loss (a patience of a few epochs, --early-stopping-patience 5): the best epoch's weights are kept",
        "fewer epochs (stop near the validation-loss minimum)",
        "augmentation (flips, crops) so the same photo is not seen identically every epoch",
    ];

    /// <summary>The diagnosis, or null when the history shows no overfitting (or has no validation loss).</summary>
    public static OverfittingDiagnosis? Diagnose(IReadOnlyList<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var perfect = history.FirstOrDefault(r => r.TrainAccuracy >= 0.99995f);
        var withLoss = history.Where(r => r.ValidationLoss is { } loss && float.IsFinite(loss)).ToArray();
        if (perfect is null || withLoss.Length < 2)
            return null;
        var lowest = withLoss.MinBy(r => r.ValidationLoss!.Value)!;
        var last = withLoss[^1];
        var rise = last.ValidationLoss!.Value - lowest.ValidationLoss!.Value;
        if (last.Epoch <= lowest.Epoch || rise <= RiseThreshold * Math.Max(lowest.ValidationLoss.Value, 1e-6))
            return null;
        var summary = string.Create(CultureInfo.InvariantCulture, $"Overfitting: training accuracy reached 100% at epoch {perfect.Epoch + 1} while validation loss rose from " +
            $"{lowest.ValidationLoss.Value:0.000} (epoch {lowest.Epoch + 1}) to {last.ValidationLoss.Value:0.000} (epoch {last.Epoch + 1}).");
        return new OverfittingDiagnosis(summary, Suggestions);
    }
}
