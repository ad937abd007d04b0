using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Featurization;

/// <summary>
/// The one path from an image to the backbone's input: read → hash → cache lookup → decode → pixels. Each stage is
/// one member backed by the one type that owns it: <see cref="Read"/> (<see cref="ImageFileReader"/>),
/// <see cref="Hash"/> (<see cref="ContentHash"/>), <see cref="Lookup"/> (<see cref="BottleneckCache"/>, in the folder
/// <see cref="BottleneckCacheKey"/> names), <see cref="Decode"/> (<see cref="ImageDecoder"/>) and the pixel stage
/// (<see cref="ImagePreprocessing"/>). Featurizing (<see cref="FeaturizeRun"/>), reading pixels for an engine
/// (<see cref="Vision.ImagePixelReader"/>) and prediction (<see cref="Prediction.OnnxClassifierSession"/>) all go
/// through it, so an image becomes the same tensor whichever of them asks.
/// </summary>
internal sealed class ImagePipeline
{
    private readonly long _maxImageBytes;

    /// <param name="preprocessing">How a decoded image becomes pixels (size, crop, layout).</param>
    /// <param name="cache">Features already computed, looked up by content hash; null decodes every image.</param>
    /// <param name="maxPixels">Decoded images above this many pixels are refused (<see cref="ImageDecodeOptions.MaxPixels"/>).</param>
    /// <param name="maxImageBytes">Files above this many bytes are refused unread (<see cref="ImageFileReader.DefaultMaxBytes"/>).</param>
    /// <param name="view">Which view of each image the pixel stage makes (<see cref="ImageView.Plain"/> when null).</param>
    public ImagePipeline(ImagePreprocessing preprocessing, BottleneckCache? cache = null,
        long maxPixels = ImageDecodeOptions.DefaultMaxPixels, long maxImageBytes = ImageFileReader.DefaultMaxBytes, ImageView? view = null)
    {
        View = view ?? ImageView.Plain;
        Preprocessing = preprocessing;
        Cache = cache;
        DecodeOptions = preprocessing.DecodeOptions with { MaxPixels = maxPixels };
        _maxImageBytes = maxImageBytes;
    }

    public ImagePreprocessing Preprocessing { get; }

    public BottleneckCache? Cache { get; }

    /// <summary>The view of each image the pixel stage makes; its cache (if any) must be that view's.</summary>
    public ImageView View { get; }

    public ImageDecodeOptions DecodeOptions { get; }

    /// <summary>Floats per image: 3 x Height x Width.</summary>
    public int PixelCount => Preprocessing.PixelCount;

    /// <summary>Stage 1: the encoded bytes (a file read into a pooled buffer, or the bytes given); dispose to give the buffer back.</summary>
    public PooledBytes Read(ImageInput image) => image.Bytes is { } bytes
        ? PooledBytes.Borrowed(bytes)
        : ImageFileReader.ReadPooled(image.Path ?? throw new ArgumentException($"Image '{image.Name}' has neither a path nor bytes."), _maxImageBytes);

    /// <summary>Stage 2: the content hash that addresses the cache and finds the same photo filed twice (well under 1% of an image's cost).</summary>
    public static string Hash(ReadOnlySpan<byte> encoded) => ContentHash.Of(encoded);

    /// <summary>Stage 3: the cached features of an image, or null when the cache is off or misses.</summary>
    public float[]? Lookup(string contentHash)
    {
        if (Cache is null)
            return null;
        var features = new float[Cache.FeatureCount];
        return Cache.TryRead(contentHash, features) ? features : null;
    }

    /// <summary>Stage 4: the upright decoded image in a pooled buffer (<see cref="DecodedImage.ReturnToPool"/> when done).</summary>
    public DecodedImage Decode(ReadOnlySpan<byte> encoded) => ImageDecoder.DecodePooled(encoded, DecodeOptions);

    /// <summary>
    /// Stages 4 and 5 for one encoded image in several views (test-time augmentation), decoded once: view v goes to
    /// <paramref name="destination"/> at v x <see cref="PixelCount"/>. Needs a preprocessing that crops in the decoder.
    /// </summary>
    public void ToPixels(ReadOnlySpan<byte> encoded, Span<float> destination, IReadOnlyList<ImageView> views)
    {
        var decoded = Decode(encoded);
        try
        {
            for (var v = 0; v < views.Count; v++)
                Preprocessing.ToPixels(decoded, destination.Slice(v * PixelCount, PixelCount), views[v]);
        }
        finally
        {
            decoded.ReturnToPool();
        }
    }

    /// <summary>Stages 4 and 5 for one encoded image (prediction: no cache), into <paramref name="destination"/>.</summary>
    public void ToPixels(ReadOnlySpan<byte> encoded, Span<float> destination)
    {
        var decoded = Decode(encoded);
        if (Preprocessing.CropsInDecoder)
        {
            try
            {
                Preprocessing.ToPixels(decoded, destination, View);
            }
            finally
            {
                // Back to the pool and out of the decode memory budget, whatever happened.
                decoded.ReturnToPool();
            }
            return;
        }
        var pixels = new float[PixelCount];
        Preprocessing.ExtractStream([(decoded, 0)], (_, values) => values.CopyTo(pixels), View);
        pixels.CopyTo(destination);
    }

    /// <summary>
    /// Starts <paramref name="workers"/> threads that take images from <paramref name="queue"/> and run each through
    /// every stage, delivering it to <paramref name="sink"/>. A worker that fails stops the queue for the others.
    /// <paramref name="hash"/> hashes every image even without a cache (the featurizer reports hashes for its
    /// duplicate check).
    /// </summary>
    public Task[] Start(ImageQueue queue, IImageSink sink, int workers, bool hash, CancellationToken cancellation)
    {
        var tasks = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(() => Run(queue, sink, hash), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        foreach (var task in tasks)
        {
            task.ContinueWith(_ => queue.Stop(), CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return tasks;
    }

    /// <summary>One worker: every image it takes ends in the sink as features, pixels or a skip.</summary>
    private void Run(ImageQueue queue, IImageSink sink, bool hash)
    {
        var misses = Misses(queue, sink, hash);
        if (Preprocessing.CropsInDecoder)
        {
            // Straight into the sink's buffer: no copy of the 600 KB tensor.
            foreach (var (decoded, (image, contentHash)) in misses)
            {
                var buffer = sink.RentPixels();
                try
                {
                    Preprocessing.ToPixels(decoded, buffer, View);
                }
                finally
                {
                    decoded.ReturnToPool();
                }
                sink.Pixels(image, contentHash, buffer);
            }
            return;
        }

        // One data view per worker for the whole run: the stock resize + extract without per-image view setup.
        Preprocessing.ExtractStream(misses, (state, pixels) =>
        {
            var buffer = sink.RentPixels();
            pixels.CopyTo(buffer);
            sink.Pixels(state.Image, state.Hash, buffer);
        }, View);
    }

    /// <summary>Stages 1 to 4: the images that still need pixels come out decoded; cache hits and bad images are settled in the sink.</summary>
    private IEnumerable<(DecodedImage Image, (ImageInput Image, string? Hash) State)> Misses(ImageQueue queue, IImageSink sink, bool hash)
    {
        while (queue.TryTake(out var image))
        {
            var decoded = Open(image, sink, hash || Cache is not null, out var contentHash);
            if (decoded is not null)
                yield return (decoded, (image, contentHash));
        }
    }

    private DecodedImage? Open(ImageInput image, IImageSink sink, bool hash, out string? contentHash)
    {
        contentHash = null;
        try
        {
            using var encoded = Read(image);
            contentHash = hash ? Hash(encoded.Span) : null;
            if (contentHash is not null && Lookup(contentHash) is { } features)
            {
                sink.FromCache(image, contentHash, features);
                return null;
            }
            return Decode(encoded.Span);
        }
        catch (ImageDecodeException e)
        {
            sink.Skipped(image, e.Reason);
            return null;
        }
    }
}
