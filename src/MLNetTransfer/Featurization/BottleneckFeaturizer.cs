using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Images;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;

namespace MLNetTransfer.Featurization;

/// <summary>
/// Computes bottleneck features for a stream of images: cached ones are read from disk; the others are decoded
/// and resized on worker threads while ONNX Runtime runs the previous batch. Memory stays bounded by a few
/// batches whatever the number of images. A bad image is reported and skipped; it never stops the run.
/// </summary>
public sealed class BottleneckFeaturizer : IDisposable
{
    // Created on the first image the cache does not hold (on the CPU): a run that finds every bottleneck cached
    // never pays for building the graph and the session.
    private readonly Lazy<InferenceSession> _session;
    private readonly BottleneckCache? _cache;
    private readonly FeaturizerOptions _options;
    private readonly int _batchSize;

    public BottleneckFeaturizer(MLContext mlContext, string backbonePath, BackboneSpec spec, FeaturizerOptions? options = null)
        : this(mlContext, ResolvedBackbone.Load(backbonePath, spec), options)
    {
    }

    // inputSize: pixels of another size than the spec's, resized inside the graph (Onnx/InputResize), which is how a
    // backbone concatenated with a larger one sees images; null is the spec's size, no resize.
    internal BottleneckFeaturizer(MLContext mlContext, ResolvedBackbone backbone, FeaturizerOptions? options = null, (int Height, int Width)? inputSize = null)
    {
        _options = options ?? new FeaturizerOptions();
        Backbone = backbone;
        Preprocessing = inputSize is { } size ? new ImagePreprocessing(mlContext, size.Height, size.Width) : new ImagePreprocessing(mlContext, backbone.Spec);
        _batchSize = BackboneModelValidator.FixedBatchSize(backbone.Info, backbone.Spec) ?? Math.Max(1, _options.BatchSize);
        // Built now, so a spec that does not fit the model fails here, before any image is read.
        var extractor = inputSize is { } resized
            ? ConcatenatedGraphBuilder.FeatureExtractorAt(backbone, resized)
            : BackboneGraphBuilder.BuildFeatureExtractorFor(backbone);
        _session = new Lazy<InferenceSession>(() => OnnxSessionFactory.Create(extractor, OnnxSessionSettings.ConcurrentRuns(_options.Device), backbone.Path),
            LazyThreadSafetyMode.ExecutionAndPublication);

        // A device asked for is proven at once, before any image is read; so is a graph that does not declare its width.
        var declared = BackboneGraphBuilder.FeatureDimension(backbone.Info, backbone.Spec);
        if (_options.Device.IsCuda || declared is null)
            _ = _session.Value;
        FeatureCount = declared is { } d ? checked((int)d) : DiscoverFeatureCount();
        if (_options.UseCache)
        {
            _cache = new BottleneckCache(_options.CacheDirectory ?? BottleneckCache.DefaultRootDirectory,
                BottleneckCacheKey.Of(backbone, Preprocessing), FeatureCount);
        }
    }

    /// <summary>The backbone as resolved once: file, spec, bytes, hash and parsed model.</summary>
    internal ResolvedBackbone Backbone { get; }

    /// <summary>Whether an ONNX Runtime session exists yet (none while every image came from the cache).</summary>
    internal bool SessionCreated => _session.IsValueCreated;

    public BackboneSpec Spec => Backbone.Spec;

    public string BackbonePath => Backbone.Path;

    public string BackboneHash => Backbone.Hash;

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

    public void Dispose()
    {
        if (_session.IsValueCreated)
            _session.Value.Dispose();
    }

    private float[] RunOnnx(float[] input, int count)
    {
        var shape = new long[] { count, 3, Preprocessing.Height, Preprocessing.Width };
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            input.AsMemory(0, count * Preprocessing.PixelCount), shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Value.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [value], [BackboneGraphBuilder.FeaturesOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private int DiscoverFeatureCount()
    {
        var dims = _session.Value.OutputMetadata[BackboneGraphBuilder.FeaturesOutput].Dimensions;
        if (dims.Length == 2 && dims[1] > 0)
            return dims[1];
        // The graph does not declare it: one black image tells.
        return RunOnnx(new float[Preprocessing.PixelCount], 1).Length;
    }
}
