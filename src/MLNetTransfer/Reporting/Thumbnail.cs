using System.Runtime.InteropServices;
using MLNetTransfer.Images;
using SkiaSharp;

namespace MLNetTransfer.Reporting;

/// <summary>A small JPEG of an image file as a data URI, or the reason there is none.</summary>
internal sealed record Thumbnail(string? DataUri, string? Failure)
{
    public const int DefaultLongSide = 128;

    /// <summary>Never throws for a bad image: a report with one unreadable file is still worth having.</summary>
    public static Thumbnail FromFile(string path, int longSide = DefaultLongSide)
    {
        try
        {
            var bytes = ImageFileReader.ReadAllBytes(path);
            // JPEGs can decode at reduced scale; asking for the target size keeps large photos cheap.
            var image = ImageDecoder.Decode(bytes, new ImageDecodeOptions { MinShortSide = longSide });
            return new Thumbnail("data:image/jpeg;base64," + Convert.ToBase64String(EncodeShrunk(image, longSide)), null);
        }
        catch (ImageDecodeException e)
        {
            return new Thumbnail(null, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
        {
            // Names that are not usable paths (empty, odd characters) land here.
            return new Thumbnail(null, e.Message);
        }
    }

    private static byte[] EncodeShrunk(DecodedImage image, int longSide)
    {
        var scale = Math.Min(1.0, (double)longSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));

        using var source = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        Marshal.Copy(image.Bgra, 0, source.GetPixels(), image.Bgra.Length);
        using var small = source.Resize(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque), SKFilterQuality.High)
            ?? throw new NotSupportedException($"SkiaSharp cannot shrink a {image.Width}x{image.Height} image");
        using var frozen = SKImage.FromBitmap(small);
        using var encoded = frozen.Encode(SKEncodedImageFormat.Jpeg, 82)
            ?? throw new NotSupportedException("SkiaSharp cannot encode JPEG here");
        return encoded.ToArray();
    }
}
