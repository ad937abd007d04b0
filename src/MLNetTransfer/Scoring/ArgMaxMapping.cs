using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Scoring;

[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ScoreRow
{
    [ColumnName("Score")]
    public float[] Score { get; set; } = [];
}

[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class PredictedIndexRow
{
    [ColumnName(PipelineColumns.PredictedIndex)]
    public uint Index { get; set; }
}

/// <summary>The index of the highest score: the stateless step between the classifier graph and the predicted label.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ArgMaxMapping : CustomMappingFactory<ScoreRow, PredictedIndexRow>
{
    public const string ContractName = "MLNetTransfer.ArgMax";

    public override Action<ScoreRow, PredictedIndexRow> GetMapping() => Map;

    public static void Map(ScoreRow input, PredictedIndexRow output)
    {
        var best = 0;
        var scores = input.Score;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
                best = i;
        }
        output.Index = (uint)best;
    }
}
