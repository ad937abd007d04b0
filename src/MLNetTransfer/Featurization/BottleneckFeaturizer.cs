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
        var info = OnnxModelInfo.Parse(backbone, BackbonePath);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, BackbonePath);
        _batchSize = BackboneModelValidator.FixedBatchSize(info, spec) ?? Math.Max(1, _options.BatchSize);

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _options.EffectiveOnnxThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(extractor, sessionOptions);
        FeatureCount = DiscoverFeatureCount();
        BackboneHash = ContentHash.OfFile(BackbonePath);
        if (_options.UseCache)
        {
            var key = BottleneckCache.ModelKey(BackboneHash, $"{spec.PreprocessingKey}\n{Preprocessing.CacheKey}");
            _cache = new BottleneckCache(_options.CacheDirectory ?? BottleneckCache.DefaultRootDirectory, key, FeatureCount);
        }
    }

    public BackboneSpec Spec { get; }

    public string BackbonePath { get; }

    public string BackboneHash { get; }

    public ImagePreprocessing Preprocessing { get; }

    public int FeatureCount { get; }

    public BottleneckCache? Cache => _cache;

    public FeaturizeResult Featurize(IEnumerable<ImageInput> images, IProgress<FeaturizeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var features = new ConcurrentDictionary<int, float[]>();
        var skipped = new ConcurrentBag<(int Index, SkippedImage Image)>();
        var cacheWarnings = new ConcurrentQueue<string>();
        int processed = 0, fromCache = 0, computed = 0, skippedCount = 0;

        void Report() => progress?.Report(new FeaturizeProgress(
            Volatile.Read(ref processed), Volatile.Read(ref fromCache), Volatile.Read(ref computed), Volatile.Read(ref skippedCount)));

        void Skip(ImageInput image, string reason)
        {
            skipped.Add((image.Index, new SkippedImage(image.Name, reason)));
            Interlocked.Increment(ref skippedCount);
            Interlocked.Increment(ref processed);
            Report();
        }

        // Bounded: decoders wait when ONNX Runtime falls behind, so memory does not grow with the input.
        var pending = Channel.CreateBounded<PendingImage>(new BoundedChannelOptions(_batchSize * 2)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var inference = Task.Run(() =>
        {
            var batch = new List<PendingImage>(_batchSize);
            var input = new float[_batchSize * Preprocessing.PixelCount];
            var reader = pending.Reader;
            while (reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (batch.Count < _batchSize && reader.TryRead(out var item))
                    batch.Add(item);
                if (batch.Count == _batchSize)
                    RunBatch();
            }
            if (batch.Count > 0)
                RunBatch();

            void RunBatch()
            {
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Pixels.CopyTo(input.AsSpan(i * Preprocessing.PixelCount));
                var output = RunOnnx(input, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    var row = output.AsSpan(i * FeatureCount, FeatureCount).ToArray();
                    features[batch[i].Index] = row;
                    if (_cache is not null && !_cache.TryWrite(batch[i].ContentHash, row, out var error) && cacheWarnings.Count < 10)
                        cacheWarnings.Enqueue(error!);
                    Interlocked.Increment(ref computed);
                    Interlocked.Increment(ref processed);
                    Report();
                }
                batch.Clear();
            }
        }, cancellationToken);

        var decoding = Parallel.ForEachAsync(images,
            new ParallelOptions { MaxDegreeOfParallelism = _options.EffectiveDecodeThreads, CancellationToken = cancellationToken },
            async (image, token) =>
            {
                byte[] bytes;
                try
                {
                    bytes = image.Bytes ?? ImageFileReader.ReadAllBytes(image.Path
                        ?? throw new ArgumentException($"Image '{image.Name}' has neither a path nor bytes."));
                }
                catch (ImageDecodeException e)
                {
                    Skip(image, e.Reason);
                    return;
                }

                var hash = ContentHash.Of(bytes);
                if (_cache is not null)
                {
                    var cached = new float[FeatureCount];
                    if (_cache.TryRead(hash, cached))
                    {
                        features[image.Index] = cached;
                        Interlocked.Increment(ref fromCache);
                        Interlocked.Increment(ref processed);
                        Report();
                        return;
                    }
                }

                float[] pixels;
                try
                {
                    var decoded = ImageDecoder.Decode(bytes, Preprocessing.DecodeOptions with { MaxPixels = _options.MaxPixels });
                    pixels = new float[Preprocessing.PixelCount];
                    Preprocessing.Extract([decoded], pixels);
                }
                catch (ImageDecodeException e)
                {
                    Skip(image, e.Reason);
                    return;
                }
                await pending.Writer.WriteAsync(new PendingImage(image.Index, hash, pixels), token);
            });

        try
        {
            decoding.GetAwaiter().GetResult();
        }
        finally
        {
            pending.Writer.TryComplete();
        }
        inference.GetAwaiter().GetResult();

        var order = features.Keys.Order().ToArray();
        var matrix = new float[order.Length * FeatureCount];
        for (var r = 0; r < order.Length; r++)
            features[order[r]].CopyTo(matrix, r * FeatureCount);

        return new FeaturizeResult
        {
            FeatureCount = FeatureCount,
            Features = matrix,
            Indices = order,
            Skipped = skipped.OrderBy(s => s.Index).Select(s => s.Image).ToArray(),
            Computed = computed,
            FromCache = fromCache,
            Elapsed = clock.Elapsed,
            CacheWarnings = cacheWarnings.ToArray(),
        };
    }

    /// <summary>Features of raw pixel tensors (planar RGB 0..255), bypassing decode and cache.</summary>
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

    private sealed record PendingImage(int Index, string ContentHash, float[] Pixels);
}
