using System.Runtime.InteropServices;
using SkiaSharp;

namespace MLNetTransfer.Images;

/// <summary>Turns pixels stored in a camera's orientation into the upright image that EXIF says to show.</summary>
internal static class ExifOrientation
{
    /// <summary>True when pixels stored with this origin are already upright (including unknown origins, left as stored).</summary>
    public static bool IsUpright(SKEncodedOrigin origin) => origin is SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin);

    /// <summary>
    /// The upright image for BGRA pixels stored with <paramref name="origin"/>; no copy when already upright. The
    /// turned copy takes over the image's share of the decode budget, and only it and the image exist at once.
    /// </summary>
    public static DecodedImage ToUprightImage(DecodedImage image, SKEncodedOrigin origin)
    {
        if (IsUpright(origin))
            return image;
        var (uprightWidth, uprightHeight) = UprightSize(image.Width, image.Height, origin);
        var upright = GC.AllocateUninitializedArray<byte>(image.Pixels.Length);
        Turn(MemoryMarshal.Cast<byte, uint>(image.Pixels), MemoryMarshal.Cast<byte, uint>(upright.AsSpan()), image.Width, image.Height, origin);
        var result = new DecodedImage(uprightWidth, uprightHeight, upright);
        result.TakeBudgetOf(image);
        image.ReturnToPool();
        return result;
    }

    private static (int Width, int Height) UprightSize(int width, int height, SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom
            ? (height, width)
            : (width, height);

    /// <summary>Writes the upright image of <paramref name="pixels"/> (stored with <paramref name="origin"/>) into <paramref name="result"/>.</summary>
    private static void Turn(ReadOnlySpan<uint> pixels, Span<uint> result, int width, int height, SKEncodedOrigin origin)
    {
        int w = width, h = height;
        var (outW, outH) = UprightSize(width, height, origin);
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                // (sx, sy): where the upright pixel (x, y) is stored in the encoded image.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    SKEncodedOrigin.LeftBottom => (w - 1 - y, x),
                    _ => (x, y),
                };
                result[y * outW + x] = pixels[sy * w + sx];
            }
        }
    }
}
