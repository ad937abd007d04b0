using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Training;

namespace MLNetTransfer.Reporting;

/// <summary>
/// Everything the training report shows. Epoch numbers here are 0-based, as in <see cref="EpochRecord.Epoch"/>; the page
/// shows them from 1, as the console and metrics.json do.
/// </summary>
public sealed record TrainingReportData
{
    /// <summary>The page heading, e.g. "flowers — mobilenet_v1_0.75_224".</summary>
    public required string Title { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Train and validation accuracy and loss per epoch; non-finite values are left out of the charts.</summary>
    public required IReadOnlyList<EpochRecord> History { get; init; }

    /// <summary>The epoch whose weights were kept, marked on the charts; null marks none.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>Metrics on the validation set; null when there was none, which hides the validation sections.</summary>
    public EvaluationResult? Validation { get; init; }

    public IReadOnlyList<SkippedImage> Skipped { get; init; } = [];

    /// <summary>Shown as a table, in the dictionary's order (backbone, epochs, batch size, learning rate, seed...).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Seconds spent per phase, in the dictionary's order.</summary>
    public IReadOnlyDictionary<string, double> TimingsSeconds { get; init; } = new Dictionary<string, double>();

    public DateTimeOffset CreatedAt { get; init; }
}
