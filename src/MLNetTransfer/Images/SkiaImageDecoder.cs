using System.Numerics;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace MLNetTransfer.Images;

/// <summary>
/// SkiaSharp's decoding of every supported format: the reference that <see cref="TurboJpegDecoder"/> matches pixel for
/// pixel, and the path for every image that one declines (other formats, CMYK, damaged data).
/// </summary>
internal static class SkiaImageDecoder
{
    /// <summary>Why a JPEG whose data ends before its image does (then an end marker) is refused, from either decoder.</summary>
    internal const string EndsEarlyReason = "the Jpeg data is truncated: it ends before the image does (cut short and " +
        "closed with an end marker, or damaged), and the decoder would fill the rest with grey";

    /// <summary>Decodes non-empty <paramref name="encoded"/> data; see <see cref="ImageDecoder.Decode(byte[], ImageDecodeOptions?)"/>.</summary>
    public static DecodedImage Decode(ReadOnlySpan<byte> encoded, ImageDecodeOptions options, bool pooled = false)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            throw new ImageDecodeException(DescribeUnrecognised(encoded));

        var full = codec.Info;
        if (full.Width <= 0 || full.Height <= 0)
            throw new ImageDecodeException($"the {codec.EncodedFormat} header gives an empty size ({full.Width}x{full.Height})");

        var size = ChooseDecodeSize(codec, options.MinShortSide);
        ImageDecoder.RefuseIfTooLarge(full.Width, full.Height, size.Width, size.Height, encoded.Length, codec.EncodedFormat.ToString(), options);

        // Premultiplied alpha makes transparent areas black, so a transparent pixel never shows a hidden colour.
        // An opaque source (every JPEG) decodes as opaque: the same bytes, minus the premultiply and alpha passes.
        var opaque = codec.Info.AlphaType == SKAlphaType.Opaque;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Bgra8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        // Decoded straight into the buffer the DecodedImage keeps: no intermediate copy.
        var image = DecodedImage.AllocateForDecode(size.Width, size.Height, pooled);
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = image.PixelsToFill)
                result = codec.GetPixels(info, (IntPtr)pixels, info.RowBytes, new SKCodecOptions(0));
        }

        if (result != SKCodecResult.Success)
        {
            image.ReturnToPool();
            if (result == SKCodecResult.IncompleteInput)
                throw new ImageDecodeException($"the {codec.EncodedFormat} data is truncated (the file ends before the image does)");
            throw new ImageDecodeException($"the {codec.EncodedFormat} data cannot be decoded ({result})");
        }

        if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg && EndsInDecoderFill(image))
        {
            image.ReturnToPool();
            throw new ImageDecodeException(EndsEarlyReason);
        }

        if (!opaque)
            ForceOpaque(MemoryMarshal.Cast<byte, uint>(image.PixelsToFill));
        return ExifOrientation.ToUprightImage(image, codec.EncodedOrigin);
    }

    /// <summary>The smallest supported decode size whose shorter side still reaches <paramref name="minShortSide"/>.</summary>
    private static SKSizeI ChooseDecodeSize(SKCodec codec, int minShortSide)
    {
        var full = new SKSizeI(codec.Info.Width, codec.Info.Height);
        if (minShortSide <= 0 || codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
            return full;

        // libjpeg-turbo decodes at k/8 scale directly from the DCT coefficients: far cheaper than decoding and shrinking.
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var candidate = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Min(candidate.Width, candidate.Height) >= minShortSide)
                return candidate;
        }
        return full;
    }

    /// <summary>
    /// True when the whole last row is libjpeg's fill for missing data: every coefficient zero, which is exactly grey
    /// 128. SkiaSharp reports a JPEG cut short and closed with an end marker as a success (libjpeg only warns), and
    /// this is what shows it. A photo whose entire bottom row is exactly that grey is refused too: rare in photos.
    /// </summary>
    private static bool EndsInDecoderFill(DecodedImage image)
    {
        const uint fillGrey = 0xFF808080u; // BGRA 128, 128, 128, 255
        var lastRow = MemoryMarshal.Cast<byte, uint>(image.PixelsToFill)[^image.Width..];
        return !lastRow.ContainsAnyExcept(fillGrey);
    }

    private static void ForceOpaque(Span<uint> bgra)
    {
        // Premultiplied colour over black equals the colour channels as stored; only alpha changes.
        var alpha = new Vector<uint>(0xFF000000u);
        var vectors = MemoryMarshal.Cast<uint, Vector<uint>>(bgra);
        for (var i = 0; i < vectors.Length; i++)
            vectors[i] |= alpha;
        for (var i = vectors.Length * Vector<uint>.Count; i < bgra.Length; i++)
            bgra[i] |= 0xFF000000u;
    }

    private static string DescribeUnrecognised(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 512)];
        if (UnsupportedFormats.DescribeContent(head) is { } unsupported)
            return unsupported;
        var printable = 0;
        foreach (var b in head)
        {
            if (b is (>= 0x20 and < 0x7F) or (byte)'\n' or (byte)'\r' or (byte)'\t')
                printable++;
        }
        if (printable == head.Length)
            return "the file holds text, not an image";
        if (IsKnownImageSignature(head))
            return "the image header is damaged or the file is truncated";
        return "not a recognised image format (supported: JPEG, PNG, BMP, GIF, WebP, ICO, WBMP)";
    }

    private static bool IsKnownImageSignature(ReadOnlySpan<byte> head) =>
        ImageDecoder.IsJpeg(head) ||
        head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ||
        head.StartsWith("GIF8"u8) || head.StartsWith("BM"u8) ||
        (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8));
}
