using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Scoring;

[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ScoreSlotsInput
{
    [ColumnName(PipelineColumns.SlotSource)]
    public float[] Source { get; set; } = [];
}

/// <summary>The first <see cref="Count"/> scores as scalar columns, and the scores after them.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ScoreSlots
{
    public const int Count = 32;

    internal float[] Values { get; } = new float[Count];

    [ColumnName(PipelineColumns.SlotRest)]
    public float[] Rest { get; set; } = [];

    [ColumnName("__MLNetTransfer_ScoreSlot00")] public float S00 { get => Values[0]; set => Values[0] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot01")] public float S01 { get => Values[1]; set => Values[1] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot02")] public float S02 { get => Values[2]; set => Values[2] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot03")] public float S03 { get => Values[3]; set => Values[3] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot04")] public float S04 { get => Values[4]; set => Values[4] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot05")] public float S05 { get => Values[5]; set => Values[5] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot06")] public float S06 { get => Values[6]; set => Values[6] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot07")] public float S07 { get => Values[7]; set => Values[7] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot08")] public float S08 { get => Values[8]; set => Values[8] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot09")] public float S09 { get => Values[9]; set => Values[9] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot10")] public float S10 { get => Values[10]; set => Values[10] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot11")] public float S11 { get => Values[11]; set => Values[11] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot12")] public float S12 { get => Values[12]; set => Values[12] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot13")] public float S13 { get => Values[13]; set => Values[13] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot14")] public float S14 { get => Values[14]; set => Values[14] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot15")] public float S15 { get => Values[15]; set => Values[15] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot16")] public float S16 { get => Values[16]; set => Values[16] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot17")] public float S17 { get => Values[17]; set => Values[17] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot18")] public float S18 { get => Values[18]; set => Values[18] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot19")] public float S19 { get => Values[19]; set => Values[19] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot20")] public float S20 { get => Values[20]; set => Values[20] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot21")] public float S21 { get => Values[21]; set => Values[21] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot22")] public float S22 { get => Values[22]; set => Values[22] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot23")] public float S23 { get => Values[23]; set => Values[23] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot24")] public float S24 { get => Values[24]; set => Values[24] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot25")] public float S25 { get => Values[25]; set => Values[25] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot26")] public float S26 { get => Values[26]; set => Values[26] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot27")] public float S27 { get => Values[27]; set => Values[27] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot28")] public float S28 { get => Values[28]; set => Values[28] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot29")] public float S29 { get => Values[29]; set => Values[29] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot30")] public float S30 { get => Values[30]; set => Values[30] = value; }
    [ColumnName("__MLNetTransfer_ScoreSlot31")] public float S31 { get => Values[31]; set => Values[31] = value; }
}

/// <summary>
/// Splits a score vector into <see cref="ScoreSlots.Count"/> scalars and the rest: the stateless step that lets
/// <see cref="ScoreSlotNames"/> name each score after its class with stock ML.NET components only.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ScoreSlotsMapping : CustomMappingFactory<ScoreSlotsInput, ScoreSlots>
{
    public const string ContractName = "MLNetTransfer.ScoreSlots";

    public override Action<ScoreSlotsInput, ScoreSlots> GetMapping() => Map;

    public static void Map(ScoreSlotsInput input, ScoreSlots output)
    {
        var scores = input.Source;
        var head = Math.Min(scores.Length, ScoreSlots.Count);
        Array.Clear(output.Values);
        scores.AsSpan(0, head).CopyTo(output.Values);
        output.Rest = scores[head..];
    }
}
