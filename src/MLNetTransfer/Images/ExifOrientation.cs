using System.Runtime.InteropServices;
using SkiaSharp;

namespace MLNetTransfer.Images;

/// <summary>Turns pixels stored in a camera's orientation into the upright image that EXIF says to show.</summary>
internal static class ExifOrientation
{
    /// <summary>True when pixels stored with this origin are already upright (including unknown origins, left as stored).</summary>
    public static bool IsUpright(SKEncodedOrigin origin) => origin is SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin);

    /// <summary>The upright image for BGRA pixels stored with <paramref name="origin"/>; no copy when already upright.</summary>
    public static DecodedImage ToUprightImage(DecodedImage image, SKEncodedOrigin origin)
    {
        if (IsUpright(origin))
            return image;
        var upright = MakeUpright(MemoryMarshal.Cast<byte, uint>(image.Pixels).ToArray(), image.Width, image.Height, origin,
            out var uprightWidth, out var uprightHeight);
        image.ReturnToPool();
        return new DecodedImage(uprightWidth, uprightHeight, MemoryMarshal.AsBytes(upright.AsSpan()).ToArray());
    }

    /// <summary>Returns the upright pixels (BGRA as uint) and their size; the input is returned as is when already upright.</summary>
    public static uint[] MakeUpright(uint[] pixels, int width, int height, SKEncodedOrigin origin, out int uprightWidth, out int uprightHeight)
    {
        var swapsAxes = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        uprightWidth = swapsAxes ? height : width;
        uprightHeight = swapsAxes ? width : height;
        if (IsUpright(origin))
            return pixels;

        var result = new uint[pixels.Length];
        int w = width, h = height, outW = uprightWidth, outH = uprightHeight;
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
        return result;
    }
}
