using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Scoring;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Writes what apps consume: model.zip (the ML.NET model, input = encoded image bytes in "Image", output = Score
/// and PredictedLabel as text), and model.onnx + model.json (the standalone classifier and how to feed it).
/// </summary>
public static class ModelFiles
{
    public const string ModelZip = "model.zip";
    public const string ModelOnnx = "model.onnx";
    public const string ModelJson = "model.json";

    public static void Write(MLContext mlContext, ImageClassificationModel model, string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        // model.onnx is the bytes already in memory: written (and flushed to disk) while ML.NET builds and deflates model.zip.
        var export = Task.Run(() => model.ExportOnnx(Path.Combine(outputFolder, ModelOnnx)));

        // The saved input schema holds only the image column, so apps need no ImagePath or Label to predict.
        var imageOnly = mlContext.Data.LoadFromEnumerable(Array.Empty<ImageRow>());
        TransformerChain<ITransformer> PipelineFor(byte[] classifier)
        {
            // The trainer read files by path; apps hand the model encoded bytes.
            var fromBytes = model.RebuildTransformer!(TrainingData.ImageColumn, false, imageOnly, classifier);
            var scored = fromBytes.Transform(imageOnly);
            // MapKeyToValue replaces the key with its text; the key column stays, hidden, so the class list is still found.
            var toText = mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored);
            return fromBytes.Append<ITransformer>(toText);
        }

        try
        {
            AtomicFile.Write(Path.Combine(outputFolder, ModelZip),
                stream => ScoringModelZip.Write(mlContext, model.ClassifierOnnx, PipelineFor, imageOnly.Schema, stream));
        }
        finally
        {
            // Done (or failed) before the caller moves on; its own error, if any, is the one thrown.
            ((IAsyncResult)export).AsyncWaitHandle.WaitOne();
        }
        export.GetAwaiter().GetResult();
    }

    private sealed class ImageRow
    {
        [ColumnName(TrainingData.ImageColumn)]
        public byte[] Image { get; set; } = [];
    }
}
