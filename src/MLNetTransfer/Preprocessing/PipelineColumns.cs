namespace MLNetTransfer.Preprocessing;

/// <summary>Names of the intermediate columns the scoring pipeline adds and drops again.</summary>
internal static class PipelineColumns
{
    public const string EncodedImage = "__MLNetTransfer_EncodedImage";
    public const string ImagePath = "__MLNetTransfer_ImagePath";
    public const string DecodedImage = "__MLNetTransfer_Image";
    public const string PredictedIndex = "__MLNetTransfer_PredictedIndex";
    public const string PredictedValue = "__MLNetTransfer_PredictedValue";
    public const string SlotSource = "__MLNetTransfer_SlotSource";
    public const string SlotRest = "__MLNetTransfer_SlotRest";

    /// <summary>The scalar column of score slot <paramref name="index"/> (see MLNetTransfer.Scoring.ScoreSlots).</summary>
    public static string ScoreSlot(int index) => $"__MLNetTransfer_ScoreSlot{index:D2}";
}
