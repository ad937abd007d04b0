using System.Collections.Concurrent;
using System.Diagnostics;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Vision;

/// <summary>
/// Decodes every image and extracts its pixel tensor with the same code the ONNX Runtime path uses
/// (<see cref="ImageDecoder"/> + <see cref="ImagePreprocessing.Extract"/>), for engines that need all training pixels
/// at once (fine-tuning). Memory: ALL pixels are held, 3 x Height x Width floats per image (600 KB at 224x224),
/// briefly twice while they are gathered in input order. Bad images are skipped with the reasons the featurizer gives.
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
        var decodeOptions = preprocessing.DecodeOptions with { MaxPixels = options.MaxPixels };
        var pixels = new ConcurrentDictionary<int, float[]>();
        var skipped = new ConcurrentBag<(int Index, SkippedImage Image)>();
        var gate = new object();
        int processed = 0, computed = 0, skippedCount = 0;

        void Done(bool ok)
        {
            // One lock: the trainer reports progress and metrics for the same image together, in order.
            lock (gate)
            {
                processed++;
                if (ok) computed++; else skippedCount++;
                progress?.Report(new FeaturizeProgress(processed, 0, computed, skippedCount));
            }
        }

        Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeThreads, CancellationToken = cancellationToken },
            image =>
            {
                try
                {
                    var bytes = image.Bytes ?? ImageFileReader.ReadAllBytes(image.Path
                        ?? throw new ArgumentException($"Image '{image.Name}' has neither a path nor bytes."), options.MaxImageBytes);
                    var decoded = ImageDecoder.Decode(bytes, decodeOptions);
                    var row = new float[preprocessing.PixelCount];
                    preprocessing.Extract([decoded], row);
                    pixels[image.Index] = row;
                    Done(ok: true);
                }
                catch (ImageDecodeException e)
                {
                    skipped.Add((image.Index, new SkippedImage(image.Name, e.Reason)));
                    Done(ok: false);
                }
            });

        var order = pixels.Keys.Order().ToArray();
        var all = new float[(long)order.Length * preprocessing.PixelCount];
        for (var r = 0; r < order.Length; r++)
        {
            pixels[order[r]].CopyTo(all, (long)r * preprocessing.PixelCount);
            pixels[order[r]] = [];
        }

        return new PixelReadResult
        {
            PixelCount = preprocessing.PixelCount,
            Pixels = all,
            Indices = order,
            Skipped = skipped.OrderBy(s => s.Index).Select(s => s.Image).ToArray(),
            Elapsed = clock.Elapsed,
        };
    }
}
