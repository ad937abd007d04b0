using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Training;
using MLNetTransfer.Vision;

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

    /// <summary>Warnings about the data and the run (<see cref="ImageClassificationModel.Warnings"/>), listed near the top.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the trainer decided by itself (early stopping on the loss, the refit), listed after the warnings.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Training images per class, in class order, shown as bars; null hides the section.</summary>
    public IReadOnlyList<int>? TrainClassCounts { get; init; }

    /// <summary>Training images whose label looks wrong, worst first (<see cref="LabelNoiseFinder"/>); null hides the section.</summary>
    public IReadOnlyList<LabelNoiseCandidate>? LabelNoise { get; init; }

    /// <summary>The model's input size: thumbnails then show the centre crop the model sees instead of the whole photo.</summary>
    public (int Width, int Height)? ModelInputSize { get; init; }

    /// <summary>Draws occlusion maps beside the first <see cref="ExplainedMistakes"/> mistakes; null draws none.</summary>
    public OcclusionExplainer? Explainer { get; init; }

    /// <summary>How many mistakes get an occlusion map (each costs one run of the classifier on 10 copies of the image: the original and 9 occluded).</summary>
    public int ExplainedMistakes { get; init; } = DefaultExplainedMistakes;

    internal const int DefaultExplainedMistakes = 12;

    /// <summary>Pictures drawn ahead (<see cref="ReportImages"/>); null draws each one as the page is rendered.</summary>
    internal ReportImages? Images { get; init; }

    /// <summary>
    /// The report of a model just trained: its history, class counts, label-noise candidates (when the trainer looked
    /// for them) and input size, with <paramref name="evaluation"/> (e.g. from <see cref="ClassificationEvaluator"/>)
    /// as the validation results, or the model's own validation metrics when null.
    /// </summary>
    public static TrainingReportData From(ImageClassificationModel model, EvaluationResult? evaluation = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new TrainingReportData
        {
            Title = title ?? model.Description.Backbone.Name,
            Classes = model.ClassNames,
            History = model.Training.History,
            BestEpoch = model.Training.BestEpoch,
            Validation = evaluation ?? model.Validation,
            Skipped = model.SkippedImages,
            TimingsSeconds = new Dictionary<string, double>
            {
                ["featurizeSeconds"] = model.Timings.Featurize.TotalSeconds,
                ["trainHeadSeconds"] = model.Timings.TrainHead.TotalSeconds,
                ["buildModelSeconds"] = model.Timings.BuildModel.TotalSeconds,
            },
            CreatedAt = DateTimeOffset.UtcNow,
            Warnings = model.Warnings,
            Notes = new[] { model.Training.EarlyStoppingFallback, model.Refit?.Note }.OfType<string>().ToArray(),
            TrainClassCounts = model.TrainClassCounts.Count > 0 ? model.TrainClassCounts : null,
            LabelNoise = model.LabelNoise,
            ModelInputSize = (model.Description.Input.Width, model.Description.Input.Height),
        };
    }
}
