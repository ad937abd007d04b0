using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>
/// Metrics as written to JSON by evaluate --json and, at the top of metrics.json, by train: the same keys in both,
/// so the two can be compared line by line.
/// </summary>
public sealed record EvaluationReport
{
    public required int Count { get; init; }

    public required double MicroAccuracy { get; init; }

    public required double MacroAccuracy { get; init; }

    public required double LogLoss { get; init; }

    /// <summary>Keyed by k as text ("1", "3", ...), since JSON keys are strings.</summary>
    public required IReadOnlyDictionary<string, double> TopKAccuracy { get; init; }

    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Row = true class, column = predicted class, both in <see cref="Classes"/> order.</summary>
    public required int[][] ConfusionMatrix { get; init; }

    /// <summary>Files that were not scored, with the reason.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    public static EvaluationReport From(EvaluationResult result) => new()
    {
        Count = result.Count,
        MicroAccuracy = result.MicroAccuracy,
        MacroAccuracy = result.MacroAccuracy,
        LogLoss = result.LogLoss,
        TopKAccuracy = result.TopKAccuracy.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
        PerClass = result.PerClass,
        Classes = result.Classes,
        ConfusionMatrix = result.ConfusionMatrix,
    };
}
