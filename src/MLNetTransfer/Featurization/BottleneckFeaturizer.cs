using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;

namespace MLNetTransfer.Featurization;

/// <summary>
/// Computes bottleneck features for a stream of images: cached ones are read from disk; the others are decoded
/// and resized on worker threads while ONNX Runtime runs the previous batch. Memory stays bounded by a few
/// batches whatever the number of images. A bad image is reported and skipped; it never stops the run.
/// </summary>
internal sealed class BottleneckFeaturizer : IDisposable
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
        if (_options.FromStoreOnly && !_options.UseCache)
            throw new ArgumentException("Reading features only from the store needs the cache on (UseCache).", nameof(options));
        if (_options.UseCache)
        {
            _cache = new BottleneckCache(_options.CacheDirectory ?? BottleneckCache.DefaultRootDirectory,
                BottleneckCacheKey.Of(backbone, Preprocessing), FeatureCount);
        }
        Pipeline = new ImagePipeline(Preprocessing, _cache, _options.MaxPixels, _options.MaxImageBytes);
    }

    /// <summary>How each image becomes features or pixels: read, hash, this featurizer's cache, decode, preprocessing.</summary>
    internal ImagePipeline Pipeline { get; }

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
        CancellationToken cancellationToken = default) => Featurize(images, ImageView.Plain, progress, cancellationToken);

    /// <summary>Features of one view of each image (<see cref="ImageView"/>), cached under that view's own key.</summary>
    internal FeaturizeResult Featurize(IEnumerable<ImageInput> images, ImageView view, IProgress<FeaturizeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        // A view other than the plain one has a cache folder of its own, so a pipeline of its own.
        var pipeline = view.IsPlain ? Pipeline : new ImagePipeline(Preprocessing, CacheFor(view), _options.MaxPixels, _options.MaxImageBytes, view);
        var run = new FeaturizeRun(this, pipeline, images, _batchSize, _options.EffectiveOnnxThreads, progress, cancellationToken,
            _options.FromStoreOnly);
        var result = run.Execute(_options.EffectiveDecodeThreads);
        if (result.MissingFromStore.Count > 0)
            throw MissingFeatures(result);
        return result;
    }

    private InvalidDataException MissingFeatures(FeaturizeResult result)
    {
        var missing = result.MissingFromStore;
        var first = string.Join(", ", missing.Take(5).Select(m => $"'{m.Name}'"));
        var packs = _cache!.Packs;
        return new InvalidDataException($"{missing.Count} of {result.Count + result.Skipped.Count + missing.Count} images have no features in " +
            $"the feature store '{_cache.RootDirectory}' ({packs.PackCount} packs for this backbone and preprocessing in '{_cache.Directory}'); " +
            $"first: {first}{(missing.Count > 5 ? ", ..." : "")}. Featurize them into the store first (mlnet-transfer featurize --store " +
            $"{_cache.RootDirectory} ..., every shard), with the same backbone." +
            (packs.Problems.Count > 0 ? $" Packs left out: {string.Join("; ", packs.Problems.Take(3))}." : ""));
    }

    /// <summary>The cache of one non-plain view: a folder of its own beside the plain one.</summary>
    internal BottleneckCache? CacheFor(ImageView view) => _cache is null ? null
        : new BottleneckCache(_cache.RootDirectory, BottleneckCacheKey.Of(Backbone, Preprocessing, view), FeatureCount);

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
