namespace MLNetTransfer.Images;

/// <summary>
/// Decodes any format SkiaSharp reads (JPEG, PNG, BMP, GIF, WebP, ICO, WBMP) into an upright, opaque BGRA image:
/// EXIF orientation applied, grayscale/CMYK/16-bit/palette converted, alpha composited over black, first frame of
/// an animation. JPEGs decode at reduced scale when <see cref="ImageDecodeOptions.MinShortSide"/> allows, which
/// makes large photos cheap. Every failure is an <see cref="ImageDecodeException"/> with a reason a user can act on.
/// </summary>
/// <remarks>
/// When the system has libjpeg-turbo's TurboJPEG library (see <see cref="JpegDecoderName"/>), JPEGs decode through
/// its SIMD code: the same pixels as SkiaSharp's, faster. Anything it declines or fails on decodes through SkiaSharp.
/// </remarks>
public static class ImageDecoder
{
    /// <summary>
    /// Which decoder JPEGs go through, for logs: "libjpeg-turbo via libturbojpeg.so.0" (or the library found), or
    /// "SkiaSharp (...)" with the reason. Loads the library on first use; MLNETTRANSFER_TURBOJPEG=off disables it.
    /// </summary>
    public static string JpegDecoderName => TurboJpegLibrary.Description;

    public static DecodedImage Decode(byte[] encoded, ImageDecodeOptions? options = null) =>
        Decode(encoded, options ?? new ImageDecodeOptions(), pooled: false);

    /// <summary>
    /// <see cref="Decode(byte[], ImageDecodeOptions?)"/> into a buffer rented from the pool; the caller gives it back
    /// with <see cref="DecodedImage.ReturnToPool"/> once the pixels are used.
    /// </summary>
    internal static DecodedImage DecodePooled(ReadOnlySpan<byte> encoded, ImageDecodeOptions options) => Decode(encoded, options, pooled: true);

    internal static DecodedImage Decode(ReadOnlySpan<byte> encoded, ImageDecodeOptions options, bool pooled)
    {
        if (encoded.Length == 0)
            throw new ImageDecodeException("the file is empty (0 bytes)");

        if (IsJpeg(encoded) && TurboJpegDecoder.TryDecode(encoded, options, pooled) is { } image)
            return image;
        return SkiaImageDecoder.Decode(encoded, options, pooled);
    }

    internal static bool IsJpeg(ReadOnlySpan<byte> data) => data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    /// <summary>Refuses, before any pixel is decoded, an image whose decoded size is above the limit.</summary>
    internal static void RefuseIfTooLarge(int fullWidth, int fullHeight, int decodeWidth, int decodeHeight, ImageDecodeOptions options)
    {
        var pixelCount = (long)decodeWidth * decodeHeight;
        if (pixelCount > options.MaxPixels)
        {
            throw new ImageDecodeException(
                $"the image is {fullWidth}x{fullHeight} ({pixelCount / 1e6:0.#} megapixels to decode), above the limit of " +
                $"{options.MaxPixels / 1e6:0.#} megapixels; refused before decoding (raise ImageDecodeOptions.MaxPixels to allow it)");
        }
    }
}
