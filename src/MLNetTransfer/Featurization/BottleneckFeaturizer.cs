using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Images;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Featurization;

/// <summary>
/// Computes bottleneck features for a stream of images: cached ones are read from disk; the others are decoded
/// and resized on worker threads while ONNX Runtime runs the previous batch. Memory stays bounded by a few
/// batches whatever the number of images. A bad image is reported and skipped; it never stops the run.
/// </summary>
public sealed class BottleneckFeaturizer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly BottleneckCache? _cache;
    private readonly FeaturizerOptions _options;
    private readonly int _batchSize;

    public BottleneckFeaturizer(MLContext mlContext, string backbonePath, BackboneSpec spec, FeaturizerOptions? options = null)
    {
        _options = options ?? new FeaturizerOptions();
        Spec = spec;
        BackbonePath = Path.GetFullPath(backbonePath);
        Preprocessing = new ImagePreprocessing(mlContext, spec);

        var backbone = ReadBackbone(BackbonePath);
        BackboneBytes = backbone;
        var info = OnnxModelInfo.Parse(backbone, BackbonePath);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, BackbonePath);
        _batchSize = BackboneModelValidator.FixedBatchSize(info, spec) ?? Math.Max(1, _options.BatchSize);

        using var sessionOptions = new SessionOptions
        {
            // Each concurrent Run gets one thread (see Featurize): on a small batch that beats splitting every
            // convolution across the cores, which leaves them waiting on each other.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(extractor, sessionOptions);
        FeatureCount = DiscoverFeatureCount();
        BackboneHash = ContentHash.Of(backbone);
        if (_options.UseCache)
        {
            var key = BottleneckCache.ModelKey(BackboneHash, $"{spec.PreprocessingKey}\n{Preprocessing.CacheKey}");
            _cache = new BottleneckCache(_options.CacheDirectory ?? BottleneckCache.DefaultRootDirectory, key, FeatureCount);
        }
    }

    public BackboneSpec Spec { get; }

    public string BackbonePath { get; }

    public string BackboneHash { get; }

    /// <summary>The backbone file as read once here, for callers that build on it (the classifier graph).</summary>
    internal byte[] BackboneBytes { get; }

    public ImagePreprocessing Preprocessing { get; }

    public int FeatureCount { get; }

    public BottleneckCache? Cache => _cache;

    public FeaturizeResult Featurize(IEnumerable<ImageInput> images, IProgress<FeaturizeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var run = new FeaturizeRun(this, _cache, images, _batchSize, _options.EffectiveOnnxThreads, _options.MaxPixels, _options.MaxImageBytes, progress, cancellationToken);
        return run.Execute(_options.EffectiveDecodeThreads);
    }

    /// <summary>Features of raw pixel tensors (planar RGB 0..255), bypassing decode and cache. Thread-safe.</summary>
    public float[] FeaturizePixels(float[] pixels, int count) => RunOnnx(pixels, count);

    public void Dispose() => _session.Dispose();

    private float[] RunOnnx(float[] input, int count)
    {
        var shape = new long[] { count, 3, Preprocessing.Height, Preprocessing.Width };
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            input.AsMemory(0, count * Preprocessing.PixelCount), shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [value], [BackboneGraphBuilder.FeaturesOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private int DiscoverFeatureCount()
    {
        var dims = _session.OutputMetadata[BackboneGraphBuilder.FeaturesOutput].Dimensions;
        if (dims.Length == 2 && dims[1] > 0)
            return dims[1];
        // The graph does not declare it: one black image tells.
        return RunOnnx(new float[Preprocessing.PixelCount], 1).Length;
    }

    private static byte[] ReadBackbone(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Backbone '{path}' cannot be read: {e.Message}", e);
        }
    }

}
