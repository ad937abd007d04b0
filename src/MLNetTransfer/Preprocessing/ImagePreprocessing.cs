using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNetTransfer.Backbones;
using MLNetTransfer.Images;

namespace MLNetTransfer.Preprocessing;

/// <summary>
/// The one definition of how a decoded image becomes the backbone's pixel tensor: aspect-preserving resize with a
/// centre crop, then planar RGB, raw 0..255 floats. Square inputs of the common sizes resize with
/// <see cref="CenterCropResizer"/>, and the saved model does decode, resize and layout in one step of ours
/// (<see cref="CenterCropPixelsMapping"/>); other sizes use ML.NET's stock ResizeImages IsoCrop and ExtractPixels.
/// Either way the saved model and training (<see cref="Extract"/>) run the very same code on the same decoded
/// image, so the features an image gets in training are the features it gets in the app. Per-channel normalization, layout and element type live inside
/// the ONNX graph.
/// </summary>
internal sealed class ImagePreprocessing
{
    /// <summary>Name of the pixel column and of the ONNX graph input it feeds.</summary>
    public const string PixelsColumn = "pixels";

    private readonly MLContext _mlContext;
    private readonly ITransformer _resizeAndExtract;

    public ImagePreprocessing(MLContext mlContext, int height, int width)
    {
        _mlContext = mlContext;
        Height = height;
        Width = width;
        CropsInDecoder = CenterCropPixelsMapping.Supports(height, width);
        MinShortSide = CropsInDecoder ? height : DecodeImageMapping.MinShortSideFor(height, width);
        DecodeOptions = new ImageDecodeOptions { MinShortSide = MinShortSide };
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<DecodedImageRow>());
        _resizeAndExtract = CreateResizeAndExtract(mlContext).Fit(empty);
    }

    public ImagePreprocessing(MLContext mlContext, BackboneSpec spec)
        : this(mlContext, spec.Height, spec.Width)
    {
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>
    /// True when the saved model turns the image into the backbone's input in one step of ours
    /// (<see cref="CenterCropPixelsMapping"/>); false when it decodes and then runs the stock ResizeImages and
    /// ExtractPixels, for input sizes without a CenterCropPixels contract.
    /// </summary>
    public bool CropsInDecoder { get; }

    /// <summary>How the image is resized, in words, for the exported classifier's description.</summary>
    public string ResizeDescription => CropsInDecoder
        ? "scale so the image covers height x width keeping its aspect, crop the centre; triangle (antialiased bilinear) " +
          "filter, integer weights summing to 2^14, vertical pass (rounded to bytes) then horizontal"
        : "ML.NET ResizeImages IsoCrop, anchor centre: scale so the image covers height x width keeping its aspect, crop the centre";

    /// <summary>The reduced-scale decode floor that both training and the saved model use.</summary>
    public int MinShortSide { get; }

    public ImageDecodeOptions DecodeOptions { get; }

    /// <summary>Floats per image: 3 planes of Height x Width.</summary>
    public int PixelCount => 3 * Height * Width;

    /// <summary>The columns <see cref="CreateScoringEstimator"/> adds besides <see cref="PixelsColumn"/>, for dropping.</summary>
    internal IReadOnlyList<string> IntermediateColumns(bool columnHoldsPaths) =>
        [columnHoldsPaths ? PipelineColumns.ImagePath : PipelineColumns.EncodedImage, .. CropsInDecoder ? Array.Empty<string>() : [PipelineColumns.DecodedImage]];

    /// <summary>Decode → resize → extract for the saved model, reading the image column of the user's data.</summary>
    public IEstimator<ITransformer> CreateScoringEstimator(string imageColumn, bool columnHoldsPaths)
    {
        if (CropsInDecoder)
            return CenterCropPixelsMapping.CreateEstimator(_mlContext, Height, imageColumn, columnHoldsPaths);

        IEstimator<ITransformer> decode = columnHoldsPaths
            ? _mlContext.Transforms.CopyColumns(PipelineColumns.ImagePath, imageColumn)
                .Append(_mlContext.Transforms.CustomMapping(DecodeImageMapping.FromPath(MinShortSide),
                    DecodeImageMapping.ContractName(fromPath: true, MinShortSide)))
            : _mlContext.Transforms.CopyColumns(PipelineColumns.EncodedImage, imageColumn)
                .Append(_mlContext.Transforms.CustomMapping(DecodeImageMapping.FromBytes(MinShortSide),
                    DecodeImageMapping.ContractName(fromPath: false, MinShortSide)));
        return decode.Append(CreateResizeAndExtract(_mlContext));
    }

    /// <summary>
    /// Runs the stock resize and pixel extraction on decoded images; writes each image's
    /// <see cref="PixelCount"/> floats into <paramref name="destination"/> one after another.
    /// Thread-safe: concurrent calls use separate data views.
    /// </summary>
    public void Extract(IReadOnlyList<DecodedImage> images, Span<float> destination)
    {
        if (destination.Length < images.Count * PixelCount)
            throw new ArgumentException($"Need room for {images.Count * PixelCount} floats, got {destination.Length}.");

        if (CropsInDecoder)
        {
            for (var i = 0; i < images.Count; i++)
                ToPixels(images[i], destination.Slice(i * PixelCount, PixelCount));
            return;
        }

        var written = 0;
        var pixels = new float[images.Count * PixelCount];
        ExtractStream(images.Select(image => (image, 0)), (_, values) =>
        {
            values.CopyTo(pixels.AsSpan(written * PixelCount, PixelCount));
            written++;
        });
        pixels.AsSpan(0, written * PixelCount).CopyTo(destination);
    }

    /// <summary>
    /// The same stock resize and extraction over a stream of images, all through ONE data view and cursor, so the
    /// view's setup (about as costly as the resize itself) is paid once per stream, not once per image. The stream
    /// is pulled lazily on the calling thread: whatever produces it (reading, decoding) runs there too. For each
    /// image, in order, <paramref name="onPixels"/> gets its state and its <see cref="PixelCount"/> floats, valid
    /// only during the call. Each image's <see cref="MLImage"/> is released, and a pooled image's buffer given back
    /// (<see cref="DecodedImage.ReturnToPool"/>), as soon as its pixels are out: the stream must not use them afterwards.
    /// Thread-safe: concurrent calls use separate data views.
    /// </summary>
    internal void ExtractStream<TState>(IEnumerable<(DecodedImage Image, TState State)> images, Action<TState, ReadOnlySpan<float>> onPixels) =>
        ExtractStream(images, onPixels, ImageView.Plain);

    /// <summary><see cref="ExtractStream{TState}(IEnumerable{ValueTuple{DecodedImage, TState}}, Action{TState, ReadOnlySpan{float}})"/> for one view of each image.</summary>
    internal void ExtractStream<TState>(IEnumerable<(DecodedImage Image, TState State)> images, Action<TState, ReadOnlySpan<float>> onPixels,
        ImageView view)
    {
        if (CropsInDecoder)
        {
            var pixels = new float[PixelCount];
            foreach (var (image, state) in images)
            {
                try
                {
                    ToPixels(image, pixels, view);
                }
                finally
                {
                    image.ReturnToPool();
                }
                onPixels(state, pixels);
            }
            return;
        }

        TState current = default!;
        MLImage? currentImage = null;

        IEnumerable<DecodedImageRow> Rows()
        {
            try
            {
                foreach (var (image, state) in images)
                {
                    currentImage?.Dispose();
                    currentImage = null;
                    current = state;
                    try
                    {
                        currentImage = view.ApplyBeforeStockResize(image).ToMLImage();
                    }
                    finally
                    {
                        image.ReturnToPool();
                    }
                    // The cursor stands on this row until the next MoveNext, which is when its getters run.
                    yield return new DecodedImageRow { Image = currentImage };
                }
            }
            finally
            {
                currentImage?.Dispose();
                currentImage = null;
            }
        }

        var pixelView = _resizeAndExtract.Transform(_mlContext.Data.LoadFromEnumerable(Rows()));
        var column = pixelView.Schema[PixelsColumn];
        using var cursor = pixelView.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            var values = buffer.GetValues();
            if (values.Length != PixelCount)
                throw new InvalidOperationException($"ExtractPixels gave {values.Length} values, expected {PixelCount}.");
            onPixels(current, values);
        }
    }

    /// <summary>The CenterCrop path: what the saved model's decode step and ExtractPixels compute, without a data view.</summary>
    internal void ToPixels(DecodedImage image, Span<float> destination) =>
        CenterCropPixelsMapping.WritePixels(image, Width, Height, destination);

    /// <summary>The CenterCrop path for one view of the image (<see cref="ImageView"/>): the plain view is <see cref="ToPixels(DecodedImage, Span{float})"/>.</summary>
    internal void ToPixels(DecodedImage image, Span<float> destination, ImageView view) =>
        CenterCropPixelsMapping.WritePixels(image, Width, Height, destination, view);

    /// <summary>
    /// One view's pixels of a decoded image on either path (CenterCrop, or the stock resize for other sizes): what
    /// test-time augmentation and tests need for a single image.
    /// </summary>
    internal void ViewPixels(DecodedImage image, Span<float> destination, ImageView view)
    {
        if (CropsInDecoder)
        {
            ToPixels(image, destination, view);
            return;
        }
        Extract([view.ApplyBeforeStockResize(image)], destination);
    }

    private IEstimator<ITransformer> CreateResizeAndExtract(MLContext mlContext) =>
        mlContext.Transforms.ResizeImages(PipelineColumns.DecodedImage, Width, Height, PipelineColumns.DecodedImage,
                ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center)
            .Append(mlContext.Transforms.ExtractPixels(PixelsColumn, PipelineColumns.DecodedImage,
                ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB,
                interleavePixelColors: false, offsetImage: 0f, scaleImage: 1f, outputAsFloatArray: true));
}
