using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetTransfer.Images;

namespace MLNetTransfer.Preprocessing;

/// <summary>Input row of the decode step when the image arrives as encoded bytes.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class EncodedImageRow
{
    [ColumnName(PipelineColumns.EncodedImage)]
    public byte[] Bytes { get; set; } = [];
}

/// <summary>Input row of the decode step when the image arrives as a file path.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class ImagePathRow
{
    [ColumnName(PipelineColumns.ImagePath)]
    public string Path { get; set; } = "";
}

/// <summary>Output row of the decode step: the upright image, ready for the stock resize transform.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodedImageRow
{
    [ColumnName(PipelineColumns.DecodedImage)]
    [UnsizedImageType]
    public MLImage? Image { get; set; }
}

/// <summary>
/// The decode step of a saved model for input sizes without a <see cref="CenterCropPixelsMapping"/>: decode only
/// (JPEG at reduced scale down to a short-side floor), then the stock ResizeImages and ExtractPixels. Also what
/// models saved before CenterCropPixels existed run, so these contracts stay. ML.NET saves a custom mapping by
/// contract name only, so a mapping cannot carry settings: the floor is part of the contract name, one small
/// factory per value.
/// </summary>
internal static class DecodeImageMapping
{
    /// <summary>The short-side floors that have a factory; a backbone uses the smallest that covers its input.</summary>
    public static readonly int[] SupportedMinShortSides = [256, 512];

    public static int MinShortSideFor(int height, int width) =>
        SupportedMinShortSides.FirstOrDefault(side => side >= Math.Max(height, width));

    public static string ContractName(bool fromPath, int minShortSide) =>
        $"MLNetTransfer.Decode{(fromPath ? "ImageFile" : "ImageBytes")}.MinShortSide{minShortSide}";

    public static Action<EncodedImageRow, DecodedImageRow> FromBytes(int minShortSide)
    {
        var options = new ImageDecodeOptions { MinShortSide = minShortSide };
        return (input, output) => output.Image = Decode(() => ImageDecoder.Decode(input.Bytes, options, pooled: true), "the image bytes");
    }

    public static Action<ImagePathRow, DecodedImageRow> FromPath(int minShortSide)
    {
        var options = new ImageDecodeOptions { MinShortSide = minShortSide };
        return (input, output) => output.Image = Decode(() => ImageDecoder.Decode(ImageFileReader.ReadAllBytes(input.Path), options, pooled: true), $"'{input.Path}'");
    }

    private static MLImage Decode(Func<DecodedImage> decode, string what)
    {
        try
        {
            // The MLImage holds its own copy of the pixels: the pooled buffer goes straight back.
            var image = decode();
            try
            {
                return image.ToMLImage();
            }
            finally
            {
                image.ReturnToPool();
            }
        }
        catch (ImageDecodeException e)
        {
            throw new InvalidDataException($"Cannot use {what}: {e.Reason}.", e);
        }
    }
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.MinShortSide0")]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodeImageBytesFullSize : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytes(0);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.MinShortSide256")]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodeImageBytesMinShortSide256 : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytes(256);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.MinShortSide512")]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodeImageBytesMinShortSide512 : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytes(512);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.MinShortSide0")]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodeImageFileFullSize : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPath(0);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.MinShortSide256")]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodeImageFileMinShortSide256 : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPath(256);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.MinShortSide512")]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DecodeImageFileMinShortSide512 : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPath(512);
}
