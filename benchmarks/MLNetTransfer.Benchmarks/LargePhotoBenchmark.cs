using MLNetTransfer.Images;
using SkiaSharp;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section 2: 12-megapixel camera-sized JPEGs (4000x3000, quality 90), made from flowers-dev photos scaled up with
/// a little sensor-like noise so they compress like real photos. Generated once into the work folder.
/// </summary>
internal static class LargePhotoBenchmark
{
    private const int Width = 4000, Height = 3000, Quality = 90;

    public static void Run(BenchmarkSettings settings, Results results)
    {
        Console.WriteLine();
        Console.WriteLine($"== large: {settings.LargeCount} generated {Width}x{Height} JPEGs (quality {Quality}), cache disabled");
        var paths = Generate(settings);
        var bytes = File.ReadAllBytes(paths[0]);
        using (var featurizer = FeaturizeBenchmark.Create(settings, new Featurization.FeaturizerOptions { UseCache = false }))
        {
            var decoded = ImageDecoder.Decode(bytes, featurizer.Preprocessing.DecodeOptions);
            var scaled = decoded.Width < Width;
            results.Add("large", "reduced-scale JPEG decode", $"{Width}x{Height} decodes at {decoded.Width}x{decoded.Height}",
                "triggers", scaled);
        }

        var (ours, stock) = FeaturizeBenchmark.CompareWithStock(settings, paths, warmup: paths.Take(2).ToArray());
        results.Add("large", $"ours, 12 MP JPEGs, median of {settings.Rounds}", $"{ours:0.0} img/s");
        results.Add("large", $"stock ML.NET pipeline, 12 MP JPEGs, median of {settings.Rounds}", $"{stock:0.0} img/s");
        results.Add("large", "ours / stock, 12 MP", $"{ours / stock:0.0}x", ">= 4x", ours / stock >= 4);
    }

    public static string[] Generate(BenchmarkSettings settings)
    {
        var folder = Path.Combine(settings.WorkDirectory, $"large-{Width}x{Height}-q{Quality}-v2");
        Directory.CreateDirectory(folder);
        var sources = settings.Shared.AllImages();
        var paths = Enumerable.Range(0, settings.LargeCount).Select(i => Path.Combine(folder, $"photo{i:000}.jpg")).ToArray();
        var missing = paths.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
            Console.WriteLine($"    generating {missing.Length} photos into {folder} (kept for later runs)");
        Parallel.For(0, paths.Length, i =>
        {
            if (File.Exists(paths[i]))
                return;
            var source = sources[i * 13 % sources.Count];
            using var original = SKBitmap.Decode(source);
            using var large = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Bgra8888, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(large))
            using (var paint = new SKPaint { FilterQuality = SKFilterQuality.High, IsAntialias = true })
            {
                canvas.DrawBitmap(original, new SKRect(0, 0, Width, Height), paint);
            }
            AddNoise(large, seed: i);
            using var image = SKImage.FromBitmap(large);
            using var data = image.Encode(SKEncodedImageFormat.Jpeg, Quality);
            var temp = paths[i] + ".tmp";
            File.WriteAllBytes(temp, data.ToArray());
            File.Move(temp, paths[i], overwrite: true);
        });
        var size = paths.Sum(p => new FileInfo(p).Length);
        Console.WriteLine($"    {paths.Length} photos, {size / paths.Length / 1024.0 / 1024.0:0.0} MB each on average");
        return paths;
    }

    private static unsafe void AddNoise(SKBitmap bitmap, int seed)
    {
        var random = new Random(seed);
        var pixels = new Span<byte>((void*)bitmap.GetPixels(), bitmap.ByteCount);
        var noise = new byte[4096];
        random.NextBytes(noise);
        for (var i = 0; i < pixels.Length; i++)
        {
            if ((i & 3) == 3)
                continue; // alpha
            if ((i & 4095) == 0)
                random.NextBytes(noise);
            var value = pixels[i] + (noise[i & 4095] % 29) - 14;
            pixels[i] = (byte)Math.Clamp(value, 0, 255);
        }
    }
}
