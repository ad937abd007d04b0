using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// The stock ML.NET way to get bottlenecks from an ONNX backbone, as its documentation shows: LoadImages →
/// ResizeImages 224 IsoCrop → ExtractPixels → ApplyOnnxModel, one image at a time through an IDataView cursor.
/// </summary>
internal static class Stock
{
    public sealed class PathRow
    {
        public string ImagePath { get; set; } = "";
    }

    public static IEstimator<ITransformer> Features(MLContext ml, string modelPath) =>
        ml.Transforms.LoadImages("StockImage", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("StockImage", 224, 224, "StockImage", ImageResizingEstimator.ResizingKind.IsoCrop))
            .Append(ml.Transforms.ExtractPixels("input", "StockImage"))
            .Append(ml.Transforms.ApplyOnnxModel(["features"], ["input"], modelPath));

    /// <summary>The stock features with LbfgsMaximumEntropy on top: what a stock ML.NET program trains on label key "LabelKey".</summary>
    public static IEstimator<ITransformer> Classifier(MLContext ml, string modelPath) =>
        Features(ml, modelPath)
            .Append(ml.Transforms.CopyColumns("Features", "features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features"));

    public static ITransformer FitFeatures(MLContext ml, string modelPath) =>
        Features(ml, modelPath).Fit(ml.Data.LoadFromEnumerable(Array.Empty<PathRow>()));

    /// <summary>Pulls every image's features through the cursor; returns how many rows came out.</summary>
    public static int Featurize(MLContext ml, ITransformer features, IEnumerable<string> paths, string featuresColumn = "features")
    {
        var view = features.Transform(ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p })));
        var column = view.Schema[featuresColumn];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        var rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            rows++;
        }
        return rows;
    }
}
