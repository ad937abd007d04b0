using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNetTransfer.Images;

namespace MLNetTransfer.Preprocessing;

/// <summary>Input row of the decode step when the image arrives as encoded bytes.</summary>
public sealed class EncodedImageRow
{
    [ColumnName(PipelineColumns.EncodedImage)]
    public byte[] Bytes { get; set; } = [];
}

/// <summary>Input row of the decode step when the image arrives as a file path.</summary>
public sealed class ImagePathRow
{
    [ColumnName(PipelineColumns.ImagePath)]
    public string Path { get; set; } = "";
}

/// <summary>Output row of the decode step: the upright image, ready for the stock resize transform.</summary>
public sealed class DecodedImageRow
{
    [ColumnName(PipelineColumns.DecodedImage)]
    [UnsizedImageType]
    public MLImage? Image { get; set; }
}

/// <summary>
/// The decode step of a saved model. ML.NET saves a custom mapping by contract name only, so a mapping cannot
/// carry settings; the settings decoding needs are therefore part of the contract name, one small factory per value.
/// Two families:
/// <list type="bullet">
/// <item>CenterCrop{size}: decode (JPEG at the smallest DCT scale whose short side reaches size) and centre-crop
/// resize to size x size with <see cref="CenterCropResizer"/>; the stock ResizeImages that follows passes the
/// image through untouched. Used for square inputs of the common sizes.</item>
/// <item>MinShortSide{n}: decode only (JPEG at reduced scale down to n); the stock ResizeImages resizes. Used for
/// every other input size, and kept so that models saved before CenterCrop existed still load.</item>
/// </list>
/// </summary>
public static class DecodeImageMapping
{
    /// <summary>The short-side floors that have a factory; a backbone uses the smallest that covers its input.</summary>
    public static readonly int[] SupportedMinShortSides = [256, 512];

    /// <summary>The square input sizes that have a CenterCrop factory: those of the common ImageNet backbones.</summary>
    public static readonly int[] SupportedCropSizes = [96, 128, 160, 192, 224, 240, 256, 260, 288, 299, 300, 320, 331, 380, 384, 448, 456, 480, 512, 528, 600];

    public static int MinShortSideFor(int height, int width) =>
        SupportedMinShortSides.FirstOrDefault(side => side >= Math.Max(height, width));

    /// <summary>True when the decode step itself can produce the backbone's input size.</summary>
    public static bool HasCenterCrop(int height, int width) => height == width && SupportedCropSizes.Contains(height);

    public static string ContractName(bool fromPath, int minShortSide) =>
        $"MLNetTransfer.Decode{(fromPath ? "ImageFile" : "ImageBytes")}.MinShortSide{minShortSide}";

    public static string CenterCropContractName(bool fromPath, int size) =>
        $"MLNetTransfer.Decode{(fromPath ? "ImageFile" : "ImageBytes")}.CenterCrop{size}";

    /// <summary>Decode at the smallest scale that still covers size x size, then centre-crop resize to it.</summary>
    public static DecodedImage DecodeCenterCrop(byte[] encoded, int size, long maxPixels = ImageDecodeOptions.DefaultMaxPixels) =>
        DecodeCenterCrop(encoded, size, maxPixels, pooled: false);

    private static DecodedImage DecodeCenterCrop(byte[] encoded, int size, long maxPixels, bool pooled)
    {
        var decoded = ImageDecoder.Decode(encoded, new ImageDecodeOptions { MinShortSide = size, MaxPixels = maxPixels }, pooled);
        var fitted = CenterCropResizer.Fit(decoded, size, size, pooled);
        if (!ReferenceEquals(fitted, decoded))
            decoded.ReturnToPool();
        return fitted;
    }

    public static Action<EncodedImageRow, DecodedImageRow> FromBytesCenterCrop(int size) =>
        (input, output) => output.Image = Decode(() => DecodeCenterCrop(input.Bytes, size, ImageDecodeOptions.DefaultMaxPixels, pooled: true),
            "the image bytes");

    public static Action<ImagePathRow, DecodedImageRow> FromPathCenterCrop(int size) =>
        (input, output) => output.Image = Decode(() => DecodeCenterCrop(ImageFileReader.ReadAllBytes(input.Path), size,
            ImageDecodeOptions.DefaultMaxPixels, pooled: true), $"'{input.Path}'");

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
            var result = image.ToMLImage();
            image.ReturnToPool();
            return result;
        }
        catch (ImageDecodeException e)
        {
            throw new InvalidDataException($"Cannot use {what}: {e.Reason}.", e);
        }
    }
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.MinShortSide0")]
public sealed class DecodeImageBytesFullSize : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytes(0);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.MinShortSide256")]
public sealed class DecodeImageBytesMinShortSide256 : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytes(256);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.MinShortSide512")]
public sealed class DecodeImageBytesMinShortSide512 : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytes(512);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.MinShortSide0")]
public sealed class DecodeImageFileFullSize : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPath(0);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.MinShortSide256")]
public sealed class DecodeImageFileMinShortSide256 : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPath(256);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.MinShortSide512")]
public sealed class DecodeImageFileMinShortSide512 : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPath(512);
}
