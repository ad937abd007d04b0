using SkiaSharp;

namespace MLNetTransfer.Tests.Support;

/// <summary>Small folder-per-class datasets made on the fly: each class has its own dominant colour.</summary>
public static class TestDatasets
{
    public static readonly IReadOnlyDictionary<string, SKColor> Colours = new Dictionary<string, SKColor>
    {
        ["blue"] = new(30, 60, 220),
        ["green"] = new(40, 200, 60),
        ["red"] = new(220, 40, 40),
    };

    /// <summary>Writes <paramref name="perClass"/> JPEGs per colour class under <paramref name="folder"/>; returns the folder.</summary>
    public static string ColourClasses(string folder, int perClass, int seed)
    {
        var random = new Random(seed);
        foreach (var (name, colour) in Colours)
        {
            var classDir = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
            for (var i = 0; i < perClass; i++)
                File.WriteAllBytes(Path.Combine(classDir, $"{name}_{i:D3}.jpg"), Noisy(colour, random));
        }
        return folder;
    }

    private static byte[] Noisy(SKColor colour, Random random)
    {
        int width = random.Next(48, 96), height = random.Next(48, 96);
        using var bitmap = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            byte Jitter(byte v) => (byte)Math.Clamp(v + random.Next(-25, 26), 0, 255);
            canvas.Clear(new SKColor(Jitter(colour.Red), Jitter(colour.Green), Jitter(colour.Blue)));
            using var paint = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 4; i++)
            {
                paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(3, 9), paint);
            }
        }
        return TestImages.Encode(bitmap, SKEncodedImageFormat.Jpeg, 90);
    }

    /// <summary>
    /// The first <paramref name="perClass"/> files (ordinal order) of each class folder of <paramref name="source"/>, copied
    /// under <paramref name="target"/>; returns <paramref name="target"/>. Copies rather than links: the test stays
    /// independent of file-system support for links, and it all stays in temp.
    /// </summary>
    public static string Subset(string source, string target, int perClass)
    {
        foreach (var classDir in Directory.GetDirectories(source))
        {
            var to = Directory.CreateDirectory(Path.Combine(target, Path.GetFileName(classDir))).FullName;
            foreach (var file in Directory.GetFiles(classDir).Order(StringComparer.Ordinal).Take(perClass))
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        return target;
    }

    /// <summary>Copies every file under <paramref name="from"/> to the same place under <paramref name="to"/>; returns <paramref name="to"/>.</summary>
    public static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }
}
