using System.Globalization;
using MLNetTransfer.Images;

namespace MLNetTransfer.Preprocessing;

/// <summary>
/// One deterministic way of looking at a photo: the centre crop zoomed in by <see cref="Zoom"/> (1 keeps the plain
/// crop, 1.15 keeps the central 87 % of it) and optionally mirrored left to right. A view only changes the crop and
/// the flip of the one preprocessing (<see cref="ImagePreprocessing"/>): decode, resize filter and pixel layout stay
/// those of training and scoring.
/// </summary>
internal sealed record ImageView(double Zoom, bool Mirror)
{
    /// <summary>What the saved model sees: the plain centre crop.</summary>
    public static readonly ImageView Plain = new(1.0, false);

    /// <summary>
    /// The views in the order they are added: <c>Views = K</c> takes the first K. Mirror images come first (a flower,
    /// a product, a defect is the same thing mirrored); then tighter crops, which show the object larger, as a photo
    /// taken a step closer would.
    /// </summary>
    public static IReadOnlyList<ImageView> All { get; } =
    [
        Plain,
        new(1.0, true),
        new(1.15, false),
        new(1.15, true),
        new(1.3, false),
        new(1.3, true),
    ];

    /// <summary>The most views one photo can be given.</summary>
    public static int MaxCount => All.Count;

    public bool IsPlain => Zoom == 1.0 && !Mirror;

    /// <summary>Stable text for the cache key and reports, e.g. "zoom=1.15;mirror".</summary>
    public string Key => IsPlain ? "plain"
        : "zoom=" + Zoom.ToString("0.###", CultureInfo.InvariantCulture) + (Mirror ? ";mirror" : "");

    /// <summary>The first <paramref name="count"/> views; 1 is the plain view alone.</summary>
    public static IReadOnlyList<ImageView> First(int count)
    {
        if (count < 1 || count > MaxCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The number of views must be 1 to {MaxCount}.");
        return All.Take(count).ToArray();
    }

    /// <summary>Mirrors BGRA rows in place, left to right.</summary>
    internal static void MirrorRows(Span<byte> bgra, int width, int height)
    {
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bgra[..(width * height * 4)]);
        for (var y = 0; y < height; y++)
            pixels.Slice(y * width, width).Reverse();
    }

    /// <summary>
    /// For inputs resized by ML.NET's stock transforms: this view applied to the decoded image before them (the central
    /// 1/<see cref="Zoom"/> of the image kept, then mirrored), so the stock centre crop sees the zoomed, mirrored photo.
    /// </summary>
    internal DecodedImage ApplyBeforeStockResize(DecodedImage image)
    {
        if (IsPlain)
            return image;
        var width = Math.Max(1, (int)Math.Round(image.Width / Zoom));
        var height = Math.Max(1, (int)Math.Round(image.Height / Zoom));
        var left = (image.Width - width) / 2;
        var top = (image.Height - height) / 2;
        var output = new byte[width * height * 4];
        var source = image.Pixels;
        for (var y = 0; y < height; y++)
            source.Slice(((top + y) * image.Width + left) * 4, width * 4).CopyTo(output.AsSpan(y * width * 4));
        if (Mirror)
            MirrorRows(output, width, height);
        return new DecodedImage(width, height, output);
    }
}
