using System.Collections.Concurrent;
using System.Diagnostics;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Vision;

/// <summary>
/// Decodes every image and extracts its pixel tensor through the same <see cref="ImagePipeline"/> the ONNX Runtime
/// featurizer uses (<see cref="ImageDecoder"/> + <see cref="ImagePreprocessing"/>, no cache), for engines that need all
/// training pixels at once (fine-tuning). Memory: ALL pixels are held, 3 x Height x Width floats per image (600 KB at
/// 224x224), briefly twice while they are gathered in input order. Bad images are skipped with the reasons the
/// featurizer gives.
/// </summary>
internal static class ImagePixelReader
{
    public static PixelReadResult Read(IEnumerable<ImageInput> images, ImagePreprocessing preprocessing, FeaturizerOptions? options = null,
        IProgress<FeaturizeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(preprocessing);
        options ??= new FeaturizerOptions();
        var clock = Stopwatch.StartNew();
        var pipeline = new ImagePipeline(preprocessing, cache: null, options.MaxPixels, options.MaxImageBytes);
        var sink = new PixelSink(preprocessing.PixelCount, progress);
        using (var queue = new ImageQueue(images, cancellationToken))
            Task.WhenAll(pipeline.Start(queue, sink, options.EffectiveDecodeThreads, hash: false, cancellationToken)).GetAwaiter().GetResult();
        return sink.Result(clock.Elapsed);
    }

    /// <summary>Keeps every image's pixels until all are read, then lays them out in input order.</summary>
    private sealed class PixelSink(int pixelCount, IProgress<FeaturizeProgress>? progress) : IImageSink
    {
        private readonly ConcurrentDictionary<int, float[]> _pixels = new();
        private readonly ConcurrentBag<(int Index, SkippedImage Image)> _skipped = [];
        private readonly object _gate = new();
        private int _processed, _computed, _skippedCount;

        public void FromCache(ImageInput image, string contentHash, float[] features) =>
            throw new InvalidOperationException("Pixels are read without a cache.");

        public float[] RentPixels() => new float[pixelCount];

        public void Pixels(ImageInput image, string? contentHash, float[] pixels)
        {
            _pixels[image.Index] = pixels;
            Done(ok: true);
        }

        public void Skipped(ImageInput image, string reason)
        {
            _skipped.Add((image.Index, new SkippedImage(image.Name, reason)));
            Done(ok: false);
        }

        private void Done(bool ok)
        {
            // One lock: the trainer reports progress and metrics for the same image together, in order.
            lock (_gate)
            {
                _processed++;
                if (ok) _computed++; else _skippedCount++;
                progress?.Report(new FeaturizeProgress(_processed, 0, _computed, _skippedCount));
            }
        }

        public PixelReadResult Result(TimeSpan elapsed)
        {
            var order = _pixels.Keys.Order().ToArray();
            var all = new float[(long)order.Length * pixelCount];
            for (var r = 0; r < order.Length; r++)
            {
                _pixels[order[r]].CopyTo(all, (long)r * pixelCount);
                _pixels[order[r]] = [];
            }
            return new PixelReadResult
            {
                PixelCount = pixelCount,
                Pixels = all,
                Indices = order,
                Skipped = _skipped.OrderBy(s => s.Index).Select(s => s.Image).ToArray(),
                Elapsed = elapsed,
            };
        }
    }
}
