using System.Buffers;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Images;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;
using MLNetTransfer.Scoring;

namespace MLNetTransfer.Prediction;

/// <summary>
/// Scores images with an exported classifier (model.onnx + model.json) on ONNX Runtime directly: the same decode,
/// resize and pixel layout as the saved ML.NET model (the <see cref="ImagePipeline"/>'s decode and pixel stages), and a session (from OnnxSessionFactory) that uses every core for one image, or a CUDA GPU. ML.NET's
/// ONNX step cannot be given thread settings that survive saving, and ONNX Runtime's default can be a single
/// thread (it is on the 2-core machines of docs/benchmarks.md), so this is the lowest-latency way to predict.
/// Thread-safe: ONNX Runtime sessions take concurrent Run calls.
/// </summary>
internal sealed class OnnxClassifierSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ImagePreprocessing _preprocessing;
    private readonly ImagePipeline _pipeline;
    private readonly long[] _shape;

    public OnnxClassifierSession(string onnxPath, ExecutionDevice device)
        : this(onnxPath, null, ReadDescription(onnxPath), OnnxSessionSettings.SingleRun(device))
    {
    }

    /// <summary>
    /// A session on a classifier graph held in memory, e.g. <c>ImageClassificationModel.ClassifierOnnx</c>; one Run uses
    /// every core unless <paramref name="settings"/> say otherwise.
    /// </summary>
    public OnnxClassifierSession(byte[] classifierOnnx, ClassifierDescription description, OnnxSessionSettings? settings = null)
        : this("the classifier graph", classifierOnnx, description, settings ?? OnnxSessionSettings.SingleRun(ExecutionDevice.Cpu))
    {
    }

    private OnnxClassifierSession(string onnxPath, byte[]? onnxBytes, ClassifierDescription description, OnnxSessionSettings settings)
    {
        _preprocessing = new ImagePreprocessing(new MLContext(), description.Input.Height, description.Input.Width);
        // The pixels must be made exactly as in training; a classifier exported with another resize is refused.
        if (!_preprocessing.CropsInDecoder || description.Input.Resize != _preprocessing.ResizeDescription)
        {
            throw new InvalidDataException(
                $"'{onnxPath}' was exported with a resize this fast path does not reproduce ({description.Input.Resize}); " +
                "load the model.zip saved with it instead.");
        }
        _pipeline = new ImagePipeline(_preprocessing);
        Classes = description.Classes;
        _shape = [1, 3, description.Input.Height, description.Input.Width];

        _session = onnxBytes is null
            ? OnnxSessionFactory.Create(onnxPath, settings)
            : OnnxSessionFactory.Create(onnxBytes, settings, onnxPath);

        // One name per output, in order: more names than outputs would label images with the wrong class.
        var width = _session.OutputMetadata.TryGetValue(BackboneGraphBuilder.ScoreOutput, out var score) && score.Dimensions.Length == 2
            ? score.Dimensions[1] : -1;
        if (width != description.Classes.Length)
        {
            _session.Dispose();
            var descriptionName = onnxBytes is null ? Path.ChangeExtension(onnxPath, ".json") : "the classifier's description";
            throw new InvalidDataException($"'{descriptionName}': field 'classes' lists {description.Classes.Length} classes but '{onnxPath}' " +
                (width < 0 ? $"has no [N, classes] output '{BackboneGraphBuilder.ScoreOutput}'." : $"scores {width}; the two files are not from the same model."));
        }
    }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>The batch size the graph's input declares, or null when any batch size is taken.</summary>
    public int? FixedBatchSize => _session.InputMetadata[BackboneGraphBuilder.PixelsInput].Dimensions[0] is var n and > 0 ? n : null;

    /// <summary>How an image becomes this graph's input: decode options, size and the centre crop.</summary>
    public ImagePreprocessing Preprocessing => _preprocessing;

    /// <summary>The image pipeline in front of the graph (no cache: each prediction is made once).</summary>
    public ImagePipeline Pipeline => _pipeline;

    /// <summary>
    /// Class probabilities of <paramref name="count"/> ready pixel tensors (planar RGB 0..255, laid one after another),
    /// row-major [count, classes].
    /// </summary>
    public float[] ScorePixels(float[] pixels, int count)
    {
        long[] shape = [count, 3, _shape[2], _shape[3]];
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, count * _preprocessing.PixelCount), shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [input], [BackboneGraphBuilder.ScoreOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The class probabilities of one encoded image; a bad image throws <see cref="ImageDecodeException"/>.</summary>
    public float[] Score(ReadOnlySpan<byte> image)
    {
        var pixels = ArrayPool<float>.Shared.Rent(_preprocessing.PixelCount);
        try
        {
            _pipeline.ToPixels(image, pixels.AsSpan(0, _preprocessing.PixelCount));

            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, _preprocessing.PixelCount), _shape);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [input], [BackboneGraphBuilder.ScoreOutput]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    /// <summary>
    /// Test-time augmentation: the class probabilities averaged over <paramref name="views"/> of the image (the first
    /// views of <see cref="ImageView.All"/>: plain, mirrored, zoomed), decoded once and run as one batch when the graph
    /// takes any batch size. One plain view is exactly the single-view score.
    /// </summary>
    public float[] Score(ReadOnlySpan<byte> image, IReadOnlyList<ImageView> views)
    {
        if (views.Count == 1 && views[0].IsPlain)
            return Score(image);
        var pixelCount = _preprocessing.PixelCount;
        var pixels = ArrayPool<float>.Shared.Rent(pixelCount * views.Count);
        try
        {
            _pipeline.ToPixels(image, pixels.AsSpan(0, pixelCount * views.Count), views);

            var scores = new float[Classes.Count];
            if (FixedBatchSize is null)
            {
                AddViewScores(ScorePixels(pixels, views.Count), scores);
            }
            else
            {
                var one = new float[pixelCount];
                for (var v = 0; v < views.Count; v++)
                {
                    pixels.AsSpan(v * pixelCount, pixelCount).CopyTo(one);
                    AddViewScores(ScorePixels(one, 1), scores);
                }
            }
            for (var c = 0; c < scores.Length; c++)
                scores[c] /= views.Count;
            return scores;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }

    /// <summary>Adds each row of a [views, classes] probability matrix into <paramref name="sum"/>.</summary>
    internal static void AddViewScores(ReadOnlySpan<float> rows, Span<float> sum)
    {
        for (var i = 0; i < rows.Length; i++)
            sum[i % sum.Length] += rows[i];
    }

    public void Dispose() => _session.Dispose();

    private static ClassifierDescription ReadDescription(string onnxPath)
    {
        var descriptionPath = Path.ChangeExtension(onnxPath, ".json");
        if (!File.Exists(descriptionPath))
            throw new FileNotFoundException($"The exported classifier '{onnxPath}' has no description '{descriptionPath}' beside it (written by ExportOnnx and by `mlnet-transfer train`).", descriptionPath);
        // In a train output folder both must be the files of one run.
        ModelManifest.VerifyFilesOf(onnxPath, descriptionPath);
        return ClassifierDescription.FromJson(File.ReadAllText(descriptionPath), descriptionPath);
    }
}
