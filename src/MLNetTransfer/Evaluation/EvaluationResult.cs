namespace MLNetTransfer.Evaluation;

/// <summary>Precision, recall, F1 and support of one class.</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, int Support);

/// <summary>How well a classifier did on a labelled set.</summary>
public sealed record EvaluationResult
{
    public required IReadOnlyList<string> Classes { get; init; }

    public required int Count { get; init; }

    /// <summary>Share of images whose top class is right.</summary>
    public required double MicroAccuracy { get; init; }

    /// <summary>Mean of the per-class recalls (classes with no image are left out).</summary>
    public required double MacroAccuracy { get; init; }

    /// <summary>Mean negative log of the true class's probability (clipped at 1e-15).</summary>
    public required double LogLoss { get; init; }

    /// <summary>Share of images whose true class is among the top k, for each k asked for.</summary>
    public required IReadOnlyDictionary<int, double> TopKAccuracy { get; init; }

    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>Counts: row = true class, column = predicted class.</summary>
    public required int[][] ConfusionMatrix { get; init; }

    /// <summary>The first wrong predictions, most confident first (12 unless the evaluator was asked for another number).</summary>
    public required IReadOnlyList<ScoredImage> MostConfidentMistakes { get; init; }

    /// <summary>Every wrong prediction, most confident first.</summary>
    public IReadOnlyList<ScoredImage> Mistakes { get; init; } = [];
}
