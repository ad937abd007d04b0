namespace MLNetTransfer.Images;

/// <summary>
/// Decodes JPEGs through the system's libjpeg-turbo (<see cref="TurboJpegLibrary"/>) to exactly the pixels that
/// <see cref="SkiaImageDecoder"/> gives: the same library code, scale choice and BGRA output, but with SIMD. It declines
/// (returns null) whatever it would not decode the same way, so SkiaSharp handles it and its messages stay as they are.
/// </summary>
internal static class TurboJpegDecoder
{
    // TJCS_* colour spaces TurboJPEG cannot turn into BGRA; SkiaSharp converts them (Adobe's inverted CMYK) itself.
    private const int CmykColorspace = 3;
    private const int YcckColorspace = 4;

    /// <summary>
    /// The decoded image, or null when libturbojpeg is unavailable or declines: CMYK/YCCK, an unreadable header, or
    /// any other error or warning (damaged or truncated data). Throws the pixel-limit refusal, and refuses data that
    /// ends early before an end marker (<see cref="EndsEarly"/>), which SkiaSharp would decode with grey fill.
    /// </summary>
    public static DecodedImage? TryDecode(ReadOnlySpan<byte> jpeg, ImageDecodeOptions options, bool pooled = false)
    {
        if (TurboJpegLibrary.Instance is not { } library || TurboJpegHandle.ForCurrentThread(library) is not { } decompressor)
            return null;
        if (!decompressor.TryReadHeader(jpeg, out var width, out var height, out var colorspace)
            || colorspace is CmykColorspace or YcckColorspace || width <= 0 || height <= 0)
        {
            return null;
        }

        var (decodeWidth, decodeHeight) = ChooseDecodeSize(width, height, options.MinShortSide);
        ImageDecoder.RefuseIfTooLarge(width, height, decodeWidth, decodeHeight, jpeg.Length, "Jpeg", options);
        var image = DecodedImage.AllocateForDecode(decodeWidth, decodeHeight, pooled);
        if (!decompressor.TryDecompress(jpeg, image.PixelsToFill, decodeWidth, decodeHeight))
        {
            image.ReturnToPool();
            if (EndsEarly(decompressor.LastError))
                throw new ImageDecodeException(SkiaImageDecoder.EndsEarlyReason);
            return null;
        }
        return ExifOrientation.ToUprightImage(image, JpegExifReader.ReadOrientation(jpeg));
    }

    /// <summary>
    /// True for libjpeg's warning that the entropy-coded data met a marker before the image was complete: a file cut
    /// short and closed with an end marker (as repair tools write), or a marker where damage put one. libjpeg fills
    /// the rest with grey, and SkiaSharp, which hides warnings, would call that a success. A file cut short without a
    /// marker ("Premature end of JPEG file") is left to SkiaSharp, which reports it as truncated; other warnings
    /// (stray bytes between segments, a bad Huffman code) are left to it as before.
    /// </summary>
    internal static bool EndsEarly(string libjpegWarning) =>
        libjpegWarning.Contains("premature end of data segment", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The size SkiaSharp's decoder picks: the smallest k/8 scale (k = 1..7) whose shorter side reaches
    /// <paramref name="minShortSide"/>, else full size. libjpeg rounds scaled sizes up: ceil(size * k / 8).
    /// </summary>
    internal static (int Width, int Height) ChooseDecodeSize(int width, int height, int minShortSide)
    {
        if (minShortSide <= 0)
            return (width, height);
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaledWidth = (int)(((long)width * eighths + 7) / 8);
            var scaledHeight = (int)(((long)height * eighths + 7) / 8);
            if (Math.Min(scaledWidth, scaledHeight) >= minShortSide)
                return (scaledWidth, scaledHeight);
        }
        return (width, height);
    }
}
