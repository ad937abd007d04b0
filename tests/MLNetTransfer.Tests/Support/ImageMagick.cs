using System.Diagnostics;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// Debian's ImageMagick, used only to make test files that SkiaSharp cannot encode (CMYK JPEG, 16-bit PNG,
/// animated GIF). CI installs it; elsewhere the tests that need it skip and say so.
/// </summary>
public static class ImageMagick
{
    public const string SkipReason = "needs ImageMagick's convert (apt-get install imagemagick) to make CMYK/16-bit/animated test images; not found";

    // /usr/local/bin/convert may be a stand-in on developer machines, so look for the real binary by path.
    public static string? Convert { get; } = new[] { "/usr/bin/convert-im6.q16", "/usr/bin/convert", "/usr/bin/magick" }.FirstOrDefault(File.Exists);

    public static bool Available => Convert is not null;

    /// <summary>Runs convert with <paramref name="arguments"/>; the last argument is the output file.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Convert ?? throw new InvalidOperationException(SkipReason))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(300_000) || process.ExitCode != 0)
            throw new InvalidOperationException($"convert {string.Join(' ', arguments)} failed: {error}");
    }
}

public sealed class ImageMagickFactAttribute : FactAttribute
{
    public ImageMagickFactAttribute()
    {
        if (!ImageMagick.Available)
            Skip = ImageMagick.SkipReason;
    }
}
