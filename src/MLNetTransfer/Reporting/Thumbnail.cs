using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Reporting;

/// <summary>A small JPEG of an image file as a data URI, or the reason there is none.</summary>
internal sealed record Thumbnail(string? DataUri, string? Failure)
{
    public const int DefaultLongSide = 128;

    /// <summary>
    /// The whole image, or with <paramref name="cropSize"/> the centre crop the model sees (the same decode floor and
    /// <see cref="CenterCropResizer"/> as the saved model), shrunk to <paramref name="longSide"/>.
    /// Never throws for a bad image: a report with one unreadable file is still worth having.
    /// </summary>
    public static Thumbnail FromFile(string path, int longSide = DefaultLongSide, (int Width, int Height)? cropSize = null)
    {
        try
        {
            var bytes = ImageFileReader.ReadAllBytes(path);
            // JPEGs can decode at reduced scale; asking for the size needed keeps large photos cheap.
            var floor = cropSize is { } crop ? Math.Max(crop.Width, crop.Height) : longSide;
            var image = ImageDecoder.Decode(bytes, new ImageDecodeOptions { MinShortSide = floor });
            if (cropSize is { } size)
                image = CenterCropResizer.Fit(image, size.Width, size.Height);
            return FromPixels(image.Bgra, image.Width, image.Height, longSide);
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

    public static Thumbnail FromPixels(byte[] bgra, int width, int height, int longSide = DefaultLongSide) =>
        new(ImageEncoding.JpegDataUri(bgra, width, height, longSide), null);
}
