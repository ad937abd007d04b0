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

    internal static DecodedImage Decode(byte[] encoded, ImageDecodeOptions? options = null) =>
        // The caller keeps the image: it leaves the decode budget once decoded.
        Decode(encoded, options ?? new ImageDecodeOptions(), pooled: false).LeaveBudget();

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

    /// <summary>Images up to this many pixels (16 MB of pixels) are never refused for their size against their bytes.</summary>
    private const long LyingHeaderFloor = 4_000_000;

    /// <summary>
    /// Above what each format can compress, in pixels per encoded byte, with a wide margin: baseline JPEG codes at
    /// least about a bit per 8x8 block (under 600 pixels a byte); PNG's deflate expands at most 1032-fold, 8 pixels
    /// a byte at 1 bit per pixel (8256); GIF's LZW codes at most 4096 pixels per 12-bit code (2731). WebP, ICO and
    /// BMP (whose RLE can skip whole areas) can code flat areas in almost no bits: no bound.
    /// </summary>
    private static long? MostPixelsPerByte(string format) => format.ToUpperInvariant() switch
    {
        "JPEG" => 2048,
        "PNG" => 16384,
        "GIF" => 8192,
        _ => null,
    };

    internal static bool IsJpeg(ReadOnlySpan<byte> data) => data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    /// <summary>
    /// Refuses, before any pixel buffer is allocated, an image whose decoded size is above the limit, or whose header
    /// claims more pixels than its bytes can encode (see <see cref="MostPixelsPerByte"/>).
    /// </summary>
    internal static void RefuseIfTooLarge(int fullWidth, int fullHeight, int decodeWidth, int decodeHeight, int encodedLength,
        string format, ImageDecodeOptions options)
    {
        var pixelCount = (long)decodeWidth * decodeHeight;
        if (pixelCount > options.MaxPixels)
        {
            throw new ImageDecodeException(
                $"the image is {fullWidth}x{fullHeight} ({pixelCount / 1e6:0.#} megapixels to decode), above the limit of " +
                $"{options.MaxPixels / 1e6:0.#} megapixels; refused before decoding (raise ImageDecodeOptions.MaxPixels to allow it)");
        }

        var claimed = (long)fullWidth * fullHeight;
        if (claimed > LyingHeaderFloor && MostPixelsPerByte(format) is { } ratio && claimed > ratio * Math.Max(1L, encodedLength))
        {
            throw new ImageDecodeException(
                $"the {format} header claims {fullWidth}x{fullHeight} pixels, more than its {encodedLength} bytes can hold; " +
                "the file is damaged or truncated (refused before decoding)");
        }
    }
}
