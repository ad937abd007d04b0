using System.Buffers;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Images;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Scoring;

namespace MLNetTransfer.Prediction;

/// <summary>
/// Scores images with an exported classifier (model.onnx + model.json) on ONNX Runtime directly: the same decode,
/// resize and pixel layout as the saved ML.NET model, and a session that uses every core for one image. ML.NET's
/// ONNX step cannot be given thread settings that survive saving, and ONNX Runtime's default can be a single
/// thread (it is on the 2-core machines of docs/benchmarks.md), so this is the lowest-latency way to predict.
/// Thread-safe: ONNX Runtime sessions take concurrent Run calls.
/// </summary>
internal sealed class OnnxClassifierSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ImagePreprocessing _preprocessing;
    private readonly long[] _shape;

    public OnnxClassifierSession(string onnxPath)
    {
        var descriptionPath = Path.ChangeExtension(onnxPath, ".json");
        if (!File.Exists(descriptionPath))
            throw new FileNotFoundException($"The exported classifier '{onnxPath}' has no description '{descriptionPath}' beside it (written by ExportOnnx and by `mlnet-transfer train`).", descriptionPath);
        var description = ClassifierDescription.FromJson(File.ReadAllText(descriptionPath), descriptionPath);
        _preprocessing = new ImagePreprocessing(new MLContext(), description.Input.Height, description.Input.Width);
        // The pixels must be made exactly as in training; a classifier exported with another resize is refused.
        if (!_preprocessing.CropsInDecoder || description.Input.Resize != _preprocessing.ResizeDescription)
        {
            throw new InvalidDataException(
                $"'{onnxPath}' was exported with a resize this fast path does not reproduce ({description.Input.Resize}); " +
                "load the model.zip saved with it instead.");
        }
        Classes = description.Classes;
        _shape = [1, 3, description.Input.Height, description.Input.Width];

        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _session = new InferenceSession(onnxPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{onnxPath}' cannot be loaded by ONNX Runtime: {e.Message}", e);
        }

        // One name per output, in order: more names than outputs would label images with the wrong class.
        var width = _session.OutputMetadata.TryGetValue(BackboneGraphBuilder.ScoreOutput, out var score) && score.Dimensions.Length == 2
            ? score.Dimensions[1] : -1;
        if (width != description.Classes.Length)
        {
            _session.Dispose();
            throw new InvalidDataException($"'{descriptionPath}': field 'classes' lists {description.Classes.Length} classes but '{onnxPath}' " +
                (width < 0 ? $"has no [N, classes] output '{BackboneGraphBuilder.ScoreOutput}'." : $"scores {width}; the two files are not from the same model."));
        }
    }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>The class probabilities of one encoded image; a bad image throws <see cref="ImageDecodeException"/>.</summary>
    public float[] Score(ReadOnlySpan<byte> image)
    {
        var pixels = ArrayPool<float>.Shared.Rent(_preprocessing.PixelCount);
        try
        {
            var decoded = ImageDecoder.Decode(image, _preprocessing.DecodeOptions, pooled: true);
            _preprocessing.ToPixels(decoded, pixels);
            decoded.ReturnToPool();

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

    public void Dispose() => _session.Dispose();
}
