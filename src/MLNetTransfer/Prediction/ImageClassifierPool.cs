using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;
using MLNetTransfer.Scoring;

namespace MLNetTransfer.Prediction;

/// <summary>
/// Thread-safe prediction for apps (the role of Microsoft.Extensions.ML's PredictionEnginePool): ML.NET's
/// PredictionEngine is not thread-safe, so each call borrows one from a pool and returns it. Register one instance
/// as a singleton (ASP.NET Core) or keep one per window (desktop) and call <see cref="Predict"/> from any thread.
/// Loaded from an exported classifier (model.onnx with its model.json) instead of model.zip, it runs ONNX Runtime
/// directly with the same preprocessing and every core on each image: the same scores, lower latency.
/// </summary>
public sealed class ImageClassifierPool
{
    private readonly OnnxClassifierSession? _onnx;
    private readonly IReadOnlyList<ImageView> _views = [ImageView.Plain];
    private readonly ConcurrentBag<PredictionEngine<ImageBytesInput, ScoreOutput>> _bytesEngines = [];
    private readonly ConcurrentBag<PredictionEngine<ImagePathInput, ScoreOutput>> _pathEngines = [];
    private readonly MLContext _mlContext;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _inputDefinition;
    private readonly SchemaDefinition _outputDefinition;

    public ImageClassifierPool(MLContext mlContext, ITransformer model, DataViewSchema inputSchema,
        string? imageColumnName = null, string scoreColumnName = "Score")
    {
        _mlContext = mlContext;
        _model = model;
        (ImageColumnName, ReadsPaths) = ModelSchemaInspector.FindImageColumn(inputSchema, imageColumnName);
        Classes = ModelSchemaInspector.FindClassNames(model.GetOutputSchema(inputSchema), scoreColumnName);

        _inputDefinition = SchemaDefinition.Create(ReadsPaths ? typeof(ImagePathInput) : typeof(ImageBytesInput));
        _inputDefinition[0].ColumnName = ImageColumnName;
        _outputDefinition = SchemaDefinition.Create(typeof(ScoreOutput));
        _outputDefinition[0].ColumnName = scoreColumnName;
        _outputDefinition[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Classes.Count);
    }

    private ImageClassifierPool(OnnxClassifierSession onnx, int testTimeViews = 1)
    {
        _onnx = onnx;
        _views = ImageView.First(testTimeViews);
        _mlContext = new MLContext();
        _model = null!;
        _inputDefinition = null!;
        _outputDefinition = null!;
        Classes = onnx.Classes;
        ImageColumnName = ImagePreprocessing.PixelsColumn;
    }

    /// <summary>
    /// Loads a model saved with mlContext.Model.Save, or, for a path ending in .onnx, an exported classifier
    /// (ExportOnnx, `mlnet-transfer train`), which needs its .json description beside it.
    /// </summary>
    // RS0027 wants the overload with optional parameters to have the most parameters; the (path, device, views) one has as
    // many, but of other types, so no call can bind to the wrong one.
#pragma warning disable RS0027
    public static ImageClassifierPool Load(string modelPath, string? imageColumnName = null, MLContext? mlContext = null)
#pragma warning restore RS0027
    {
        if (modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return Load(modelPath, ExecutionDevice.Cpu);
        // Files of another run in a train output folder are refused before anything is loaded.
        if (File.Exists(modelPath))
            ModelManifest.VerifyFilesOf(modelPath);
        mlContext ??= new MLContext();
        ITransformer model;
        DataViewSchema inputSchema;
        try
        {
            model = mlContext.Model.Load(modelPath, out inputSchema);
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($"Model '{modelPath}' cannot be loaded: {e.Message}", e);
        }
        return new ImageClassifierPool(mlContext, model, inputSchema, imageColumnName);
    }

    /// <summary>
    /// Loads an exported classifier (model.onnx with its model.json beside it) to run on <paramref name="device"/>:
    /// the same graph and preprocessing on the CPU or a CUDA GPU. A saved ML.NET model (model.zip) runs through ML.NET's
    /// own ONNX step, on the CPU; on a GPU, load the model.onnx written beside it.
    /// </summary>
    public static ImageClassifierPool Load(string onnxPath, ExecutionDevice device)
    {
        if (!onnxPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{onnxPath}' is not an exported classifier (.onnx). Only those choose their device; " +
                "a model.zip runs on the CPU (load the model.onnx beside it to use a GPU).", nameof(onnxPath));
        }
        return new ImageClassifierPool(new OnnxClassifierSession(onnxPath, device));
    }

    /// <summary>
    /// Loads an exported classifier with test-time augmentation: each prediction averages the class probabilities of
    /// <paramref name="testTimeViews"/> views of the image (1 plain; 2 adds its mirror image; 3 to 6 add zoomed centre
    /// crops, plain and mirrored), at about that many times the backbone's work. The model stays the single-view model.onnx.
    /// </summary>
    public static ImageClassifierPool Load(string onnxPath, ExecutionDevice device, int testTimeViews)
    {
        if (testTimeViews < 1 || testTimeViews > ImageView.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(testTimeViews), testTimeViews, $"Test-time views must be 1 to {ImageView.MaxCount}.");
        if (!onnxPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{onnxPath}' is not an exported classifier (.onnx). Test-time augmentation runs the exported " +
                "classifier on each view; load the model.onnx written beside model.zip.", nameof(onnxPath));
        }
        return new ImageClassifierPool(new OnnxClassifierSession(onnxPath, device), testTimeViews);
    }

    /// <summary>The test-time views each prediction averages over; 1 without test-time augmentation.</summary>
    public int TestTimeViews => _views.Count;

    public IReadOnlyList<string> Classes { get; }

    public string ImageColumnName { get; }

    /// <summary>True when the model takes image file paths rather than encoded bytes.</summary>
    public bool ReadsPaths { get; }

    /// <summary>Scores encoded image bytes (any format the decoder reads).</summary>
    public ImagePrediction Predict(byte[] image, string name = "image")
    {
        if (ReadsPaths)
            throw new InvalidOperationException($"This model reads image paths from column '{ImageColumnName}'; call PredictFile.");
        if (_onnx is not null)
            return RunOnnx(image, name);
        return Run(_bytesEngines, new ImageBytesInput { Image = image }, name);
    }

    /// <summary>Scores an image file.</summary>
    public ImagePrediction PredictFile(string path)
    {
        if (ReadsPaths)
            return Run(_pathEngines, new ImagePathInput { ImagePath = path }, path);
        if (_onnx is not null)
            return RunOnnxFile(path);
        byte[] bytes;
        try
        {
            bytes = ImageFileReader.ReadAllBytes(path);
        }
        catch (ImageDecodeException e)
        {
            throw new ImagePredictionException(path, e.Reason, e);
        }
        return Predict(bytes, path);
    }

    private ImagePrediction Run<TInput>(ConcurrentBag<PredictionEngine<TInput, ScoreOutput>> engines, TInput input, string name)
        where TInput : class, new()
    {
        if (!engines.TryTake(out var engine))
        {
            engine = _mlContext.Model.CreatePredictionEngine<TInput, ScoreOutput>(_model, ignoreMissingColumns: true,
                inputSchemaDefinition: _inputDefinition, outputSchemaDefinition: _outputDefinition);
        }
        try
        {
            return ToPrediction(engine.Predict(input).Score);
        }
        catch (Exception e) when (FindDecodeFailure(e) is { } reason)
        {
            throw new ImagePredictionException(name, reason, e);
        }
        finally
        {
            engines.Add(engine);
        }
    }

    private ImagePrediction RunOnnxFile(string path)
    {
        try
        {
            using var bytes = _onnx!.Pipeline.Read(ImageInput.FromFile(0, path));
            return ToPrediction(_onnx.Score(bytes.Span, _views));
        }
        catch (ImageDecodeException e)
        {
            throw new ImagePredictionException(path, e.Reason, e);
        }
    }

    private ImagePrediction RunOnnx(byte[] image, string name)
    {
        float[] scores;
        try
        {
            scores = _onnx!.Score(image, _views);
        }
        catch (ImageDecodeException e)
        {
            throw new ImagePredictionException(name, e.Reason, e);
        }
        return ToPrediction(scores);
    }

    private ImagePrediction ToPrediction(float[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
                best = i;
        }
        return new ImagePrediction(Classes[best], scores, Classes);
    }

    private static string? FindDecodeFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ImageDecodeException decode)
                return decode.Reason;
        }
        return null;
    }

    private sealed class ImageBytesInput
    {
        public byte[] Image { get; set; } = [];
    }

    private sealed class ImagePathInput
    {
        public string ImagePath { get; set; } = "";
    }

    private sealed class ScoreOutput
    {
        public float[] Score { get; set; } = [];
    }
}
