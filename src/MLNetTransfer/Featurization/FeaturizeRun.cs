using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace MLNetTransfer.Featurization;

/// <summary>
/// One featurizing call of <see cref="BottleneckFeaturizer"/>. The <see cref="ImagePipeline"/>'s workers read each image,
/// look it up in the cache and decode and resize the misses; runners batch the pixels through ONNX Runtime; cache
/// writers put new entries on disk. Bounded channels join the stages, so memory does not grow with the number of images.
/// </summary>
internal sealed class FeaturizeRun : IImageSink
{
    /// <summary>Cache entries written at once; they wait on the disk, not on the CPU.</summary>
    private const int CacheWriters = 4;

    private readonly BottleneckFeaturizer _featurizer;
    private readonly ImagePipeline _pipeline;
    private readonly IProgress<FeaturizeProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly int _batchSize;
    private readonly int _runners;
    private readonly int _pixelCount;

    private readonly ConcurrentDictionary<int, float[]> _features = new();
    private readonly ConcurrentDictionary<int, string> _hashes = new();
    private readonly ConcurrentBag<(int Index, SkippedImage Image)> _skipped = [];
    private readonly ConcurrentBag<(int Index, SkippedImage Image)> _missing = [];
    private readonly bool _fromStoreOnly;
    private readonly ConcurrentQueue<string> _cacheWarnings = new();
    private int _processed, _fromCache, _computed, _skippedCount;

    private readonly Channel<PendingImage> _pending;
    private readonly Channel<(string Hash, float[] Row)>? _toCache;
    // Pixel buffers (600 KB each at 224x224) go round between decoders and runners instead of being allocated per
    // image on the large object heap; the bounded channel bounds how many exist.
    private readonly ConcurrentBag<float[]> _buffers = [];

    // The pipeline's workers share one queue of the input; each pulls its next image when it is free.
    private readonly ImageQueue _queue;

    // The ONNX Runtime runners start with the first image to compute: a run answered wholly from the cache starts none.
    private readonly object _runnersGate = new();
    private Task[] _runnerTasks = [];

    public FeaturizeRun(BottleneckFeaturizer featurizer, ImagePipeline pipeline, IEnumerable<ImageInput> images, int batchSize,
        int runners, IProgress<FeaturizeProgress>? progress, CancellationToken cancellation, bool fromStoreOnly = false)
    {
        _featurizer = featurizer;
        _fromStoreOnly = fromStoreOnly;
        _pipeline = pipeline;
        _queue = new ImageQueue(images, cancellation);
        _batchSize = batchSize;
        _runners = runners;
        _progress = progress;
        _cancellation = cancellation;
        _pixelCount = pipeline.PixelCount;

        // Bounded: decoders wait when ONNX Runtime falls behind.
        _pending = Channel.CreateBounded<PendingImage>(new BoundedChannelOptions(batchSize * (runners + 1))
        {
            SingleReader = runners == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Entries are written one by one (a temporary file and a rename each): off the runners' path, several at once so
        // the file system can commit them together; bounded, so a slow disk slows the run rather than filling memory.
        _toCache = pipeline.Cache is null ? null : Channel.CreateBounded<(string Hash, float[] Row)>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });
    }

    public FeaturizeResult Execute(int decodeThreads)
    {
        var clock = Stopwatch.StartNew();
        using var queue = _queue;
        var cacheWriters = _toCache is null ? [] : Enumerable.Range(0, CacheWriters).Select(_ => Task.Run(WriteCacheEntries)).ToArray();

        // Hashed even without a cache: the result's content hashes find the same photo filed twice.
        var workers = _pipeline.Start(_queue, this, decodeThreads, hash: true, _cancellation);
        Task inference;
        try
        {
            Task.WhenAll(workers).GetAwaiter().GetResult();
        }
        catch (ChannelClosedException) when (RunnerTasks().Any(r => r.IsFaulted))
        {
            // The runner's own error is the one to report, below.
        }
        finally
        {
            _pending.Writer.TryComplete();
            // Whatever happened, the runners are done before the caller can dispose the session,
            // and what they computed is in the cache.
            inference = Task.WhenAll(RunnerTasks());
            ((IAsyncResult)inference).AsyncWaitHandle.WaitOne();
            _toCache?.Writer.TryComplete();
            Task.WaitAll(cacheWriters);
        }
        inference.GetAwaiter().GetResult();
        return Result(clock.Elapsed);
    }

    private Task[] RunnerTasks()
    {
        lock (_runnersGate)
            return _runnerTasks;
    }

    // ONNX Runtime sessions take concurrent Run calls: one runner per ONNX thread, each on its own batches.
    private void StartRunnersOnce()
    {
        lock (_runnersGate)
        {
            if (_runnerTasks.Length > 0)
                return;
            _runnerTasks = Enumerable.Range(0, _runners)
                .Select(_ => Task.Factory.StartNew(RunInference, _cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
            // Should ONNX Runtime fail, the other runners and the decoders waiting for room must not wait for ever.
            foreach (var runner in _runnerTasks)
            {
                runner.ContinueWith(t => _pending.Writer.TryComplete(t.Exception?.InnerException),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private FeaturizeResult Result(TimeSpan elapsed)
    {
        var featureCount = _featurizer.FeatureCount;
        var order = _features.Keys.Order().ToArray();
        var matrix = new float[order.Length * featureCount];
        for (var r = 0; r < order.Length; r++)
            _features[order[r]].CopyTo(matrix, r * featureCount);

        return new FeaturizeResult
        {
            FeatureCount = featureCount,
            Features = matrix,
            Indices = order,
            ContentHashes = order.Select(i => _hashes[i]).ToArray(),
            Skipped = _skipped.OrderBy(s => s.Index).Select(s => s.Image).ToArray(),
            Computed = _computed,
            FromCache = _fromCache,
            Elapsed = elapsed,
            CacheWarnings = _cacheWarnings.ToArray(),
            MissingFromStore = _missing.OrderBy(s => s.Index).Select(s => s.Image).ToArray(),
        };
    }

    public void FromCache(ImageInput image, string contentHash, float[] features)
    {
        _hashes[image.Index] = contentHash;
        _features[image.Index] = features;
        Interlocked.Increment(ref _fromCache);
        Interlocked.Increment(ref _processed);
        Report();
    }

    // Pixel buffers go round between the pipeline's workers and the runners.
    public float[] RentPixels() => _buffers.TryTake(out var buffer) ? buffer : new float[_pixelCount];

    public void Pixels(ImageInput image, string? contentHash, float[] pixels)
    {
        if (_fromStoreOnly)
        {
            // Decoded only to tell a bad image (skipped with its reason, as a local run does) from one the store lacks.
            _buffers.Add(pixels);
            _missing.Add((image.Index, new SkippedImage(image.Name, "no features in the feature store")));
            Interlocked.Increment(ref _processed);
            Report();
            return;
        }
        _hashes[image.Index] = contentHash!;
        StartRunnersOnce();
        var item = new PendingImage(image.Index, contentHash!, pixels);
        // Bounded: the workers wait here when ONNX Runtime falls behind.
        if (!_pending.Writer.TryWrite(item))
            _pending.Writer.WriteAsync(item, _cancellation).AsTask().GetAwaiter().GetResult();
    }

    private void RunInference()
    {
        var batch = new List<PendingImage>(_batchSize);
        var input = new float[_batchSize * _pixelCount];
        var reader = _pending.Reader;
        while (reader.WaitToReadAsync(_cancellation).AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _batchSize && reader.TryRead(out var item))
                batch.Add(item);
            if (batch.Count == _batchSize)
                RunBatch(batch, input);
        }
        if (batch.Count > 0)
            RunBatch(batch, input);
    }

    private void RunBatch(List<PendingImage> batch, float[] input)
    {
        // Copied into the runner's own input, which stays in this core's cache: ONNX Runtime reads it faster there
        // than from the buffer the decoder filled on another core (measured: running on that buffer directly was slower).
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Pixels.AsSpan(0, _pixelCount).CopyTo(input.AsSpan(i * _pixelCount));
            _buffers.Add(batch[i].Pixels);
        }
        var output = _featurizer.FeaturizePixels(input, batch.Count);
        var featureCount = _featurizer.FeatureCount;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = output.AsSpan(i * featureCount, featureCount).ToArray();
            _features[batch[i].Index] = row;
            if (_toCache is not null && !_toCache.Writer.TryWrite((batch[i].ContentHash, row)))
                _toCache.Writer.WriteAsync((batch[i].ContentHash, row), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            Interlocked.Increment(ref _computed);
            Interlocked.Increment(ref _processed);
            Report();
        }
        batch.Clear();
    }

    private async Task WriteCacheEntries()
    {
        await foreach (var (hash, row) in _toCache!.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (!_pipeline.Cache!.TryWrite(hash, row, out var error) && _cacheWarnings.Count < 10)
                _cacheWarnings.Enqueue(error!);
        }
    }

    public void Skipped(ImageInput image, string reason)
    {
        _skipped.Add((image.Index, new SkippedImage(image.Name, reason)));
        Interlocked.Increment(ref _skippedCount);
        Interlocked.Increment(ref _processed);
        Report();
    }

    private void Report() => _progress?.Report(new FeaturizeProgress(
        Volatile.Read(ref _processed), Volatile.Read(ref _fromCache), Volatile.Read(ref _computed), Volatile.Read(ref _skippedCount)));

    private sealed record PendingImage(int Index, string ContentHash, float[] Pixels);
}
