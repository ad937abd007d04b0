using System.Buffers;
using Microsoft.ML.Data;

namespace MLNetTransfer.Images;

/// <summary>An upright, opaque image as BGRA bytes (alpha composited over black), row-major, no padding.</summary>
/// <remarks>
/// Inside the library, the featurizer and the saved model's decode step decode into buffers rented from a pool and
/// give them back once the pixels are out (<see cref="ReturnToPool"/>): a photo's pixels are several hundred KB, and
/// allocating them per image on the large-object heap cost about as much as decoding with SIMD.
/// </remarks>
internal sealed class DecodedImage
{
    private byte[]? _buffer;
    private byte[]? _exact;
    private readonly bool _pooled;

    public DecodedImage(int width, int height, byte[] bgra)
    {
        if (bgra.Length != checked(width * height * 4))
            throw new ArgumentException($"Expected {width * height * 4} bytes for {width}x{height} BGRA, got {bgra.Length}.");
        Width = width;
        Height = height;
        _buffer = _exact = bgra;
    }

    private DecodedImage(int width, int height, byte[] rented, bool pooled)
    {
        Width = width;
        Height = height;
        _buffer = rented;
        _pooled = pooled;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixels as an array of exactly Width x Height x 4 bytes.</summary>
    public byte[] Bgra => _exact ??= Pixels.ToArray();

    /// <summary>The pixels, without a copy.</summary>
    internal ReadOnlySpan<byte> Pixels =>
        (_buffer ?? throw new ObjectDisposedException(nameof(DecodedImage), "The image's pooled pixels were given back.")).AsSpan(0, Width * Height * 4);

    /// <summary>Writable pixels of a pooled image being filled by a decoder.</summary>
    internal Span<byte> PixelsToFill => _buffer!.AsSpan(0, Width * Height * 4);

    /// <summary>
    /// An image of the given size with undefined pixels, for a decoder to fill: its buffer is rented from the pool when
    /// <paramref name="pooled"/> (give it back with <see cref="ReturnToPool"/>), else a new array of the exact size.
    /// </summary>
    internal static DecodedImage Allocate(int width, int height, bool pooled) => pooled
        ? new(width, height, ArrayPool<byte>.Shared.Rent(checked(width * height * 4)), pooled: true)
        : new(width, height, GC.AllocateUninitializedArray<byte>(checked(width * height * 4)));

    /// <summary>Gives a pooled image's buffer back; no effect on other images. The image must not be used afterwards.</summary>
    internal void ReturnToPool()
    {
        if (!_pooled || _buffer is null)
            return;
        var buffer = _buffer;
        _buffer = null;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>The ML.NET image type that the stock image transforms consume (a copy of the pixels).</summary>
    public MLImage ToMLImage() => MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Bgra32, Pixels);
}
