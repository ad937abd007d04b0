using MLNetTransfer.Featurization;
using MLNetTransfer.Images;

namespace MLNetTransfer.Quantization;

/// <summary>
/// The training images that calibrate the int8 activations: up to N, picked by a seeded shuffle of the row positions
/// so the same data always gives the same sample; read into memory once, with their content hashes for the cache key.
/// </summary>
internal static class CalibrationSample
{
    public static IReadOnlyList<(ImageInput Image, string Hash)> Pick(Func<IEnumerable<ImageInput>> images, int size, int seed)
    {
        var count = images().Count();
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var chosen = order.Take(size).ToHashSet();
        var sample = new List<(ImageInput, string)>();
        var position = 0;
        foreach (var image in images())
        {
            if (!chosen.Contains(position++))
                continue;
            try
            {
                var bytes = image.Bytes ?? ImageFileReader.ReadAllBytes(image.Path
                    ?? throw new ArgumentException($"Image '{image.Name}' has neither a path nor bytes."));
                sample.Add((ImageInput.FromBytes(sample.Count, image.Name, bytes), ContentHash.Of(bytes)));
            }
            catch (ImageDecodeException)
            {
                // An unreadable image is reported by featurizing; calibration just does without it.
            }
        }

        return sample;
    }
}
