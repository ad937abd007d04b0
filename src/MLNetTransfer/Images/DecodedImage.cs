using Microsoft.ML.Data;

namespace MLNetTransfer.Images;

/// <summary>An upright, opaque image as BGRA bytes (alpha composited over black), row-major, no padding.</summary>
public sealed class DecodedImage
{
    public DecodedImage(int width, int height, byte[] bgra)
    {
        if (bgra.Length != checked(width * height * 4))
            throw new ArgumentException($"Expected {width * height * 4} bytes for {width}x{height} BGRA, got {bgra.Length}.");
        Width = width;
        Height = height;
        Bgra = bgra;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Bgra { get; }

    /// <summary>The ML.NET image type that the stock image transforms consume.</summary>
    public MLImage ToMLImage() => MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Bgra32, Bgra);
}
