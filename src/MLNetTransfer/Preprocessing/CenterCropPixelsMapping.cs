using Microsoft.ML;
using MLNetTransfer.Images;

namespace MLNetTransfer.Preprocessing;

/// <summary>Output row of a CenterCropPixels step: the backbone's input tensor, planar RGB floats 0..255.</summary>
internal interface ICenterCropPixelsRow
{
    float[] Pixels { get; set; }
}

/// <summary>
/// The image step of a saved model whose backbone takes a square input of a common size: decode (JPEG at the
/// smallest DCT scale whose short side reaches the size), centre-crop resize with <see cref="CenterCropResizer"/>
/// and lay the pixels out as the backbone's input, in one custom mapping. The featurizer runs the same decode and
/// <c>WritePixels</c> on the same bytes, so training features equal scoring features. ML.NET saves a custom mapping by contract name only and needs the output vector's size from a type,
/// so each supported size has its own row type and factories (CenterCropPixelsFactories.cs).
/// </summary>
internal static class CenterCropPixelsMapping
{
    /// <summary>The square input sizes that have a contract: those of the common ImageNet backbones.</summary>
    public static IReadOnlyCollection<int> SupportedSizes => CenterCropPixelsFactories.Sizes;

    /// <summary>True when the saved model can produce the backbone's input in this one step.</summary>
    public static bool Supports(int height, int width) => height == width && CenterCropPixelsFactories.Sizes.Contains(height);

    public static string ContractName(bool fromPath, int size) =>
        $"MLNetTransfer.{(fromPath ? "ImageFile" : "ImageBytes")}ToPixels.CenterCrop{size}";

    /// <summary>CopyColumns into the mapping's input column, then the mapping; its output is the "pixels" column.</summary>
    internal static IEstimator<ITransformer> CreateEstimator(MLContext mlContext, int size, string imageColumn, bool fromPath) =>
        fromPath
            ? mlContext.Transforms.CopyColumns(PipelineColumns.ImagePath, imageColumn).Append(CenterCropPixelsFactories.ForPath(mlContext, size))
            : mlContext.Transforms.CopyColumns(PipelineColumns.EncodedImage, imageColumn).Append(CenterCropPixelsFactories.ForBytes(mlContext, size));

    public static Action<ImagePathRow, TRow> FromPath<TRow>(int size) where TRow : ICenterCropPixelsRow =>
        (input, output) => Fill(output, size, () => ImageFileReader.ReadAllBytes(input.Path), $"'{input.Path}'");

    public static Action<EncodedImageRow, TRow> FromBytes<TRow>(int size) where TRow : ICenterCropPixelsRow =>
        (input, output) => Fill(output, size, () => input.Bytes, "the image bytes");

    /// <summary>
    /// The one definition of a decoded image's pixels on this path, for the saved model and for training alike:
    /// centre-crop resize to <paramref name="width"/> x <paramref name="height"/>, then planar RGB floats.
    /// </summary>
    internal static void WritePixels(DecodedImage image, int width, int height, Span<float> destination) =>
        WritePixels(image, width, height, destination, ImageView.Plain);

    /// <summary>
    /// <see cref="WritePixels(DecodedImage, int, int, Span{float})"/> for one view of the image: the same resize with the
    /// view's zoom, mirrored when the view says so. The plain view gives exactly the saved model's pixels.
    /// </summary>
    internal static void WritePixels(DecodedImage image, int width, int height, Span<float> destination, ImageView view)
    {
        if (image.Width == width && image.Height == height && view.IsPlain)
        {
            PlanarPixels.FromBgra(image.Pixels, destination);
            return;
        }
        var resized = System.Buffers.ArrayPool<byte>.Shared.Rent(width * height * 4);
        try
        {
            CenterCropResizer.Fit(image.Pixels, image.Width, image.Height, resized, width, height, view.Zoom);
            if (view.Mirror)
                ImageView.MirrorRows(resized, width, height);
            PlanarPixels.FromBgra(resized.AsSpan(0, width * height * 4), destination);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(resized);
        }
    }

    private static void Fill(ICenterCropPixelsRow output, int size, Func<byte[]> read, string what)
    {
        var length = 3 * size * size;
        // ML.NET reuses the output row object: so does the pixel array, when it has the right length.
        if (output.Pixels.Length != length)
            output.Pixels = new float[length];
        try
        {
            var decoded = ImageDecoder.Decode(read(), new ImageDecodeOptions { MinShortSide = size }, pooled: true);
            try
            {
                WritePixels(decoded, size, size, output.Pixels);
            }
            finally
            {
                decoded.ReturnToPool();
            }
        }
        catch (ImageDecodeException e)
        {
            throw new InvalidDataException($"Cannot use {what}: {e.Reason}.", e);
        }
    }
}
