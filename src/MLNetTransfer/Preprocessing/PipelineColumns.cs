namespace MLNetTransfer.Preprocessing;

/// <summary>Names of the intermediate columns the scoring pipeline adds and drops again.</summary>
internal static class PipelineColumns
{
    public const string EncodedImage = "__MLNetTransfer_EncodedImage";
    public const string ImagePath = "__MLNetTransfer_ImagePath";
    public const string DecodedImage = "__MLNetTransfer_Image";
    public const string PredictedIndex = "__MLNetTransfer_PredictedIndex";
    public const string PredictedValue = "__MLNetTransfer_PredictedValue";
}
