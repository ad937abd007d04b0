namespace MLNetTransfer.Images;

/// <summary>
/// Image formats users meet that the decoder does not read (SkiaSharp as ML.NET ships it has no HEIF, AVIF, TIFF,
/// SVG or camera RAW codec), recognised by extension or by content, with what to convert them to.
/// </summary>
internal static class UnsupportedFormats
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".heic"] = Heif, [".heif"] = Heif, [".hif"] = Heif,
        [".avif"] = "an AVIF image, a format this tool does not decode; convert it to JPEG or PNG (e.g. with ImageMagick: magick in.avif out.jpg)",
        [".tif"] = Tiff, [".tiff"] = Tiff,
        [".svg"] = "an SVG drawing (vector graphics), which this tool does not render; convert (export) it to PNG at the size you need",
        [".cr2"] = Raw, [".cr3"] = Raw, [".nef"] = Raw, [".arw"] = Raw, [".dng"] = Raw, [".orf"] = Raw, [".rw2"] = Raw, [".raf"] = Raw,
        [".pef"] = Raw, [".srw"] = Raw,
    };

    private const string Heif = "a HEIC/HEIF photo (the iPhone's default), a format this tool does not decode; convert it to JPEG " +
        "(e.g. heif-convert in.heic out.jpg, or set the phone to 'Most Compatible')";

    private const string Tiff = "a TIFF image, a format this tool does not decode; convert it to PNG (lossless) or JPEG";

    private const string Raw = "a camera RAW file, which this tool does not develop; convert (export) it to JPEG with your photo " +
        "software, darktable or dcraw";

    /// <summary>Why a file with this extension cannot be used and what to convert it to; null when the extension is not one of them.</summary>
    public static string? DescribeExtension(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path));

    /// <summary>The same by content, for a file whose name does not say (a HEIC saved as .jpg); null when not recognised.</summary>
    internal static string? DescribeContent(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = head[8..12];
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
                return ByExtension[".avif"];
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("hevc"u8))
                return Heif;
            if (brand.SequenceEqual("crx "u8))
                return Raw;
        }
        // TIFF, and the RAW formats built on it (CR2, NEF, ARW, DNG), start with a TIFF header.
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
            return Tiff + " (camera RAW files such as CR2, NEF, ARW and DNG are TIFF inside: export them to JPEG)";
        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 512)]);
        if (text.Contains("<svg", StringComparison.OrdinalIgnoreCase))
            return ByExtension[".svg"];
        return null;
    }
}
