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

    /// <summary>Cache entries written at once; they wait on the disk, not on the CPU.</summary>
    private const int CacheWriters = 4;

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
            // Each concurrent Run gets one thread (see Featurize): on a small batch that beats splitting every
            // convolution across the cores, which leaves them waiting on each other.
            IntraOpNumThreads = 1,
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
        ArgumentNullException.ThrowIfNull(images);
        var clock = Stopwatch.StartNew();
        var features = new ConcurrentDictionary<int, float[]>();
        var hashes = new ConcurrentDictionary<int, string>();
        var skipped = new ConcurrentBag<(int Index, SkippedImage Image)>();
        var cacheWarnings = new ConcurrentQueue<string>();
        int processed = 0, fromCache = 0, computed = 0, skippedCount = 0;
        var pixelCount = Preprocessing.PixelCount;

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
        var runners = _options.EffectiveOnnxThreads;
        var pending = Channel.CreateBounded<PendingImage>(new BoundedChannelOptions(_batchSize * (runners + 1))
        {
            SingleReader = runners == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Pixel buffers (600 KB each at 224x224) go round between decoders and the runners instead of
        // being allocated per image on the large object heap; the bounded channel bounds how many exist.
        var buffers = new ConcurrentBag<float[]>();

        // Cache entries are flushed to disk one by one (a few ms each): written off the runners' path, several
        // at once so the file system can commit them together. Bounded, so a slow disk slows the run rather
        // than filling memory; every entry is on disk before Featurize returns.
        var toCache = _cache is null ? null : Channel.CreateBounded<(string Hash, float[] Row)>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });
        var cacheWriters = toCache is null ? [] : Enumerable.Range(0, CacheWriters).Select(_ => Task.Run(async () =>
        {
            await foreach (var (hash, row) in toCache.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (!_cache!.TryWrite(hash, row, out var error) && cacheWarnings.Count < 10)
                    cacheWarnings.Enqueue(error!);
            }
        })).ToArray();

        // ONNX Runtime sessions take concurrent Run calls: one runner per ONNX thread, each on its own batches.
        void RunInference()
        {
            var batch = new List<PendingImage>(_batchSize);
            var input = new float[_batchSize * pixelCount];
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
                {
                    batch[i].Pixels.AsSpan(0, pixelCount).CopyTo(input.AsSpan(i * pixelCount));
                    buffers.Add(batch[i].Pixels);
                }
                var output = RunOnnx(input, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    var row = output.AsSpan(i * FeatureCount, FeatureCount).ToArray();
                    features[batch[i].Index] = row;
                    if (toCache is not null && !toCache.Writer.TryWrite((batch[i].ContentHash!, row)))
                        toCache.Writer.WriteAsync((batch[i].ContentHash!, row), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    Interlocked.Increment(ref computed);
                    Interlocked.Increment(ref processed);
                    Report();
                }
                batch.Clear();
            }
        }

        var runnerTasks = Enumerable.Range(0, runners)
            .Select(_ => Task.Factory.StartNew(RunInference, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // Should ONNX Runtime fail, the other runners and the decoders waiting for room must not wait for ever.
        foreach (var runner in runnerTasks)
        {
            runner.ContinueWith(t => pending.Writer.TryComplete(t.Exception?.InnerException),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var inference = Task.WhenAll(runnerTasks);

        // The decode workers share one enumerator of the input; each pulls its next image when it is free.
        var gate = new object();
        using var source = images.GetEnumerator();
        var exhausted = false;

        bool TryTake(out ImageInput image)
        {
            lock (gate)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!exhausted && source.MoveNext())
                {
                    image = source.Current;
                    return true;
                }
                exhausted = true;
                image = null!;
                return false;
            }
        }

        // Read, look up the cache, decode: the images that still need the backbone come out, the rest are settled.
        IEnumerable<(DecodedImage Image, (int Index, string? Hash) State)> ToDecode()
        {
            while (TryTake(out var image))
            {
                var decoded = ReadAndDecode(image, out var hash);
                if (decoded is not null)
                    yield return (decoded, (image.Index, hash));
            }
        }

        DecodedImage? ReadAndDecode(ImageInput image, out string? hash)
        {
            hash = null;
            byte[] bytes;
            try
            {
                bytes = image.Bytes ?? ImageFileReader.ReadAllBytes(image.Path
                    ?? throw new ArgumentException($"Image '{image.Name}' has neither a path nor bytes."));
            }
            catch (ImageDecodeException e)
            {
                Skip(image, e.Reason);
                return null;
            }

            // The hash addresses the cache and finds the same photo filed twice; it costs well under 1% of an image.
            hash = ContentHash.Of(bytes);
            hashes[image.Index] = hash;
            if (_cache is not null)
            {
                var cached = new float[FeatureCount];
                if (_cache.TryRead(hash, cached))
                {
                    features[image.Index] = cached;
                    Interlocked.Increment(ref fromCache);
                    Interlocked.Increment(ref processed);
                    Report();
                    return null;
                }
            }

            try
            {
                return ImageDecoder.Decode(bytes, Preprocessing.DecodeOptions with { MaxPixels = _options.MaxPixels });
            }
            catch (ImageDecodeException e)
            {
                Skip(image, e.Reason);
                return null;
            }
        }

        void DecodeWorker() =>
            // One data view per worker for the whole run: the stock resize + extract without per-image view setup.
            Preprocessing.ExtractStream(ToDecode(), (state, pixels) =>
            {
                if (!buffers.TryTake(out var buffer))
                    buffer = new float[pixelCount];
                pixels.CopyTo(buffer);
                var item = new PendingImage(state.Index, state.Hash, buffer);
                if (!pending.Writer.TryWrite(item))
                    pending.Writer.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
            });

        var workers = Enumerable.Range(0, _options.EffectiveDecodeThreads)
            .Select(_ => Task.Factory.StartNew(DecodeWorker, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // A failing decoder stops the others at their next image.
        foreach (var worker in workers)
        {
            worker.ContinueWith(_ => { lock (gate) exhausted = true; },
                CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        try
        {
            Task.WhenAll(workers).GetAwaiter().GetResult();
        }
        catch (ChannelClosedException) when (runnerTasks.Any(r => r.IsFaulted))
        {
            // The runner's own error is the one to report, below.
        }
        finally
        {
            pending.Writer.TryComplete();
            // Whatever happened, the runners are done before the caller can dispose the session,
            // and what they computed is in the cache.
            ((IAsyncResult)inference).AsyncWaitHandle.WaitOne();
            toCache?.Writer.TryComplete();
            Task.WaitAll(cacheWriters);
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
            ContentHashes = order.Select(i => hashes[i]).ToArray(),
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

    private sealed record PendingImage(int Index, string? ContentHash, float[] Pixels);
}
