using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Featurization;

/// <summary>
/// One featurizing call of <see cref="BottleneckFeaturizer"/>. Decode workers read each image, look it up in the cache and
/// decode and resize the misses; runners batch the pixels through ONNX Runtime; cache writers put new entries on disk.
/// Bounded channels join the stages, so memory does not grow with the number of images.
/// </summary>
internal sealed class FeaturizeRun
{
    /// <summary>Cache entries written at once; they wait on the disk, not on the CPU.</summary>
    private const int CacheWriters = 4;

    private readonly BottleneckFeaturizer _featurizer;
    private readonly BottleneckCache? _cache;
    private readonly IProgress<FeaturizeProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly int _batchSize;
    private readonly int _runners;
    private readonly int _pixelCount;
    private readonly long _maxPixels;
    private readonly long _maxImageBytes;

    private readonly ConcurrentDictionary<int, float[]> _features = new();
    private readonly ConcurrentDictionary<int, string> _hashes = new();
    private readonly ConcurrentBag<(int Index, SkippedImage Image)> _skipped = [];
    private readonly ConcurrentQueue<string> _cacheWarnings = new();
    private int _processed, _fromCache, _computed, _skippedCount;

    private readonly Channel<PendingImage> _pending;
    private readonly Channel<(string Hash, float[] Row)>? _toCache;
    // Pixel buffers (600 KB each at 224x224) go round between decoders and runners instead of being allocated per
    // image on the large object heap; the bounded channel bounds how many exist.
    private readonly ConcurrentBag<float[]> _buffers = [];

    // The decode workers share one enumerator of the input; each pulls its next image when it is free.
    private readonly object _gate = new();
    private readonly IEnumerator<ImageInput> _source;
    private bool _exhausted;

    public FeaturizeRun(BottleneckFeaturizer featurizer, BottleneckCache? cache, IEnumerable<ImageInput> images, int batchSize,
        int runners, long maxPixels, long maxImageBytes, IProgress<FeaturizeProgress>? progress, CancellationToken cancellation)
    {
        _featurizer = featurizer;
        _cache = cache;
        _source = images.GetEnumerator();
        _batchSize = batchSize;
        _runners = runners;
        _maxPixels = maxPixels;
        _maxImageBytes = maxImageBytes;
        _progress = progress;
        _cancellation = cancellation;
        _pixelCount = featurizer.Preprocessing.PixelCount;

        // Bounded: decoders wait when ONNX Runtime falls behind.
        _pending = Channel.CreateBounded<PendingImage>(new BoundedChannelOptions(batchSize * (runners + 1))
        {
            SingleReader = runners == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Entries are written one by one (a temporary file and a rename each): off the runners' path, several at once so
        // the file system can commit them together; bounded, so a slow disk slows the run rather than filling memory.
        _toCache = cache is null ? null : Channel.CreateBounded<(string Hash, float[] Row)>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Which view of each image is featurized; the plain centre crop unless set.</summary>
    public ImageView View { get; init; } = ImageView.Plain;

    public FeaturizeResult Execute(int decodeThreads)
    {
        var clock = Stopwatch.StartNew();
        using var source = _source;
        var cacheWriters = _toCache is null ? [] : Enumerable.Range(0, CacheWriters).Select(_ => Task.Run(WriteCacheEntries)).ToArray();

        // ONNX Runtime sessions take concurrent Run calls: one runner per ONNX thread, each on its own batches.
        var runnerTasks = Enumerable.Range(0, _runners)
            .Select(_ => Task.Factory.StartNew(RunInference, _cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // Should ONNX Runtime fail, the other runners and the decoders waiting for room must not wait for ever.
        foreach (var runner in runnerTasks)
        {
            runner.ContinueWith(t => _pending.Writer.TryComplete(t.Exception?.InnerException),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        var inference = Task.WhenAll(runnerTasks);

        var workers = Enumerable.Range(0, decodeThreads)
            .Select(_ => Task.Factory.StartNew(DecodeWorker, _cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // A failing decoder stops the others at their next image.
        foreach (var worker in workers)
        {
            worker.ContinueWith(_ => { lock (_gate) _exhausted = true; },
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
            _pending.Writer.TryComplete();
            // Whatever happened, the runners are done before the caller can dispose the session,
            // and what they computed is in the cache.
            ((IAsyncResult)inference).AsyncWaitHandle.WaitOne();
            _toCache?.Writer.TryComplete();
            Task.WaitAll(cacheWriters);
        }
        inference.GetAwaiter().GetResult();
        return Result(clock.Elapsed);
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
        };
    }

    private void DecodeWorker()
    {
        var preprocessing = _featurizer.Preprocessing;
        if (preprocessing.CropsInDecoder)
        {
            // The pixels go straight into the buffer the runner hands to ONNX Runtime.
            foreach (var (image, state) in ImagesToDecode())
            {
                var buffer = RentBuffer();
                preprocessing.ToPixels(image, buffer, View);
                image.ReturnToPool();
                Enqueue(new PendingImage(state.Index, state.Hash, buffer));
            }
            return;
        }

        // One data view per worker for the whole run: the stock resize + extract without per-image view setup.
        preprocessing.ExtractStream(ImagesToDecode(), (state, pixels) =>
        {
            var buffer = RentBuffer();
            pixels.CopyTo(buffer);
            Enqueue(new PendingImage(state.Index, state.Hash, buffer));
        }, View);
    }

    private float[] RentBuffer() => _buffers.TryTake(out var buffer) ? buffer : new float[_pixelCount];

    private void Enqueue(PendingImage item)
    {
        if (!_pending.Writer.TryWrite(item))
            _pending.Writer.WriteAsync(item, _cancellation).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Read, look up the cache, decode: the images that still need the backbone come out, the rest are settled.</summary>
    private IEnumerable<(DecodedImage Image, (int Index, string Hash) State)> ImagesToDecode()
    {
        while (TryTake(out var image))
        {
            var decoded = ReadAndDecode(image, out var hash);
            if (decoded is not null)
                yield return (decoded, (image.Index, hash!));
        }
    }

    private bool TryTake(out ImageInput image)
    {
        lock (_gate)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (!_exhausted && _source.MoveNext())
            {
                image = _source.Current;
                return true;
            }
            _exhausted = true;
            image = null!;
            return false;
        }
    }

    private DecodedImage? ReadAndDecode(ImageInput image, out string? hash)
    {
        hash = null;
        PooledBytes pooled = default;
        try
        {
            ReadOnlySpan<byte> bytes;
            if (image.Bytes is not null)
            {
                bytes = image.Bytes;
            }
            else
            {
                pooled = ImageFileReader.ReadPooled(image.Path
                    ?? throw new ArgumentException($"Image '{image.Name}' has neither a path nor bytes."), _maxImageBytes);
                bytes = pooled.Span;
            }
            return HashAndDecode(image, bytes, out hash);
        }
        catch (ImageDecodeException e)
        {
            Skip(image, e.Reason);
            return null;
        }
        finally
        {
            pooled.Dispose();
        }
    }

    private DecodedImage? HashAndDecode(ImageInput image, ReadOnlySpan<byte> bytes, out string hash)
    {
        // The hash addresses the cache and finds the same photo filed twice; it costs well under 1% of an image.
        hash = ContentHash.Of(bytes);
        _hashes[image.Index] = hash;
        if (_cache is not null)
        {
            var cached = new float[_featurizer.FeatureCount];
            if (_cache.TryRead(hash, cached))
            {
                _features[image.Index] = cached;
                Interlocked.Increment(ref _fromCache);
                Interlocked.Increment(ref _processed);
                Report();
                return null;
            }
        }

        // Pooled: the decode worker gives the buffer back as soon as the pixels are out.
        return ImageDecoder.DecodePooled(bytes, _featurizer.Preprocessing.DecodeOptions with { MaxPixels = _maxPixels });
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
            if (!_cache!.TryWrite(hash, row, out var error) && _cacheWarnings.Count < 10)
                _cacheWarnings.Enqueue(error!);
        }
    }

    private void Skip(ImageInput image, string reason)
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
