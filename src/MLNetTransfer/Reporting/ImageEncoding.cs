using System.Runtime.InteropServices;
using SkiaSharp;

namespace MLNetTransfer.Reporting;

/// <summary>BGRA pixels to JPEG or PNG bytes with SkiaSharp, optionally shrunk first (the report's thumbnails, explanation images).</summary>
internal static class ImageEncoding
{
    public static byte[] Encode(byte[] bgra, int width, int height, SKEncodedImageFormat format, int quality = 82, int? longSide = null)
    {
        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        Marshal.Copy(bgra, 0, source.GetPixels(), width * height * 4);
        var scale = longSide is { } side ? Math.Min(1.0, (double)side / Math.Max(width, height)) : 1.0;
        var targetWidth = Math.Max(1, (int)Math.Round(width * scale));
        var targetHeight = Math.Max(1, (int)Math.Round(height * scale));
        using var sized = targetWidth == width && targetHeight == height
            ? source.Copy()
            : source.Resize(new SKImageInfo(targetWidth, targetHeight, SKColorType.Bgra8888, SKAlphaType.Opaque), SKFilterQuality.High)
              ?? throw new NotSupportedException($"SkiaSharp cannot shrink a {width}x{height} image");
        using var frozen = SKImage.FromBitmap(sized);
        using var encoded = frozen.Encode(format, quality) ?? throw new NotSupportedException($"SkiaSharp cannot encode {format} here");
        return encoded.ToArray();
    }

    public static string JpegDataUri(byte[] bgra, int width, int height, int longSide) =>
        "data:image/jpeg;base64," + Convert.ToBase64String(Encode(bgra, width, height, SKEncodedImageFormat.Jpeg, 82, longSide));
}
