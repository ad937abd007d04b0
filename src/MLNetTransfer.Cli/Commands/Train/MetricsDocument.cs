using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Training;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// metrics.json: the final metrics on the validation folder (the same keys as evaluate --json; null when the run
/// had no validation folder), the per-epoch history, the settings used, skipped files, timings and cache counts.
/// </summary>
public sealed record MetricsDocument
{
    /// <summary>The run that wrote this file; manifest.json of the same folder names the same run.</summary>
    public string? RunId { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Images the final metrics were computed on; 0 without a validation folder.</summary>
    public required int Count { get; init; }
    public required double? MicroAccuracy { get; init; }
    public required double? MacroAccuracy { get; init; }
    public required double? LogLoss { get; init; }
    public required IReadOnlyDictionary<string, double>? TopKAccuracy { get; init; }
    public required IReadOnlyList<ClassMetrics>? PerClass { get; init; }
    public required int[][]? ConfusionMatrix { get; init; }

    /// <summary>One entry per epoch, numbered from 1 as the console prints them.</summary>
    public required IReadOnlyList<EpochRecord> History { get; init; }

    /// <summary>The epoch whose weights the model holds, numbered from 1 (the console's "best epoch").</summary>
    public required int BestEpoch { get; init; }

    public required bool StoppedEarly { get; init; }

    public required IReadOnlyDictionary<string, object?> Settings { get; init; }

    public required IReadOnlyList<SkippedFile> Skipped { get; init; }

    /// <summary>What about the data will hurt the model (empty, tiny or imbalanced classes, duplicates), with what to do.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Seconds per phase: resolveBackboneSeconds, featurizeSeconds (= train + validation), trainHeadSeconds, ...</summary>
    public required IReadOnlyDictionary<string, double> Timings { get; init; }

    public required int BottlenecksComputed { get; init; }

    public required int BottlenecksFromCache { get; init; }

    /// <summary>
    /// Set when the head was trained again on all photos (<c>--refit</c>) for the epochs the held-out split chose; the
    /// metrics above are then those of the head before the refit, on the held-out photos.
    /// </summary>
    public RefitReport? Refit { get; init; }

    /// <summary>Why early stopping watched the validation loss instead of accuracy (too few photos, or 100 %); null when it did not.</summary>
    public string? EarlyStoppingFallback { get; init; }

    /// <summary>With --precision int8: the int8 backbone, and int8 against float32 accuracy on the validation images.</summary>
    public PrecisionReport? Precision { get; init; }

    public static MetricsDocument Create(IReadOnlyList<string> classes, EvaluationReport? final, HeadTrainingResult training,
        IReadOnlyDictionary<string, object?> settings, IReadOnlyList<SkippedFile> skipped, IReadOnlyList<string> warnings,
        IReadOnlyDictionary<string, double> timings, int computed, int fromCache) => new()
    {
        Classes = classes,
        Count = final?.Count ?? 0,
        MicroAccuracy = final?.MicroAccuracy,
        MacroAccuracy = final?.MacroAccuracy,
        LogLoss = final?.LogLoss,
        TopKAccuracy = final?.TopKAccuracy,
        PerClass = final?.PerClass,
        ConfusionMatrix = final?.ConfusionMatrix,
        History = training.History.Select(r => r with { Epoch = r.Epoch + 1 }).ToArray(),
        BestEpoch = training.BestEpoch + 1,
        StoppedEarly = training.StoppedEarly,
        EarlyStoppingFallback = training.EarlyStoppingFallback,
        Settings = settings,
        Skipped = skipped,
        Warnings = warnings,
        Timings = timings,
        BottlenecksComputed = computed,
        BottlenecksFromCache = fromCache,
    };
}
