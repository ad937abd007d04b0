using System.Buffers;
using Microsoft.ML.Data;

namespace MLNetTransfer.Images;

/// <summary>An upright, opaque image as BGRA bytes (alpha composited over black), row-major, no padding.</summary>
/// <remarks>
/// Inside the library, the featurizer and the saved model's decode step decode into buffers rented from a pool and
/// give them back once the pixels are out (<see cref="ReturnToPool"/>): a photo's pixels are several hundred KB, and
/// allocating them per image on the large-object heap cost about as much as decoding with SIMD. Buffers above
/// <see cref="PooledLimitBytes"/> are not pooled: the pool would keep one per thread long after a huge image. A decoder's
/// image also holds its pixels from <see cref="MemoryBudget.DecodedPixels"/> until it is given back, which bounds the
/// pixels all threads hold at once.
/// </remarks>
internal sealed class DecodedImage
{
    private byte[]? _buffer;
    private byte[]? _exact;
    private readonly bool _pooled;
    private MemoryBudget.Lease? _lease;
    // Asked for from the pool but too large for it: the buffer is dropped when given back.
    private bool _dropOnReturn;

    /// <summary>
    /// A dropped buffer of at least this many bytes (100 MB, a quarter of the pixel budget) is collected at once: left to
    /// the GC's own schedule, several huge images in a row each left their buffer behind (measured: 1 GB more at peak).
    /// </summary>
    private const int CollectAfterBytes = 100 * 1024 * 1024;

    /// <summary>Largest pixel buffer taken from the pool: 4 MB, a 1-megapixel image (photos decoded at reduced scale).</summary>
    internal const int PooledLimitBytes = 4 * 1024 * 1024;

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
    internal static DecodedImage Allocate(int width, int height, bool pooled)
    {
        if (pooled && (long)width * height * 4 <= PooledLimitBytes)
            return new(width, height, ArrayPool<byte>.Shared.Rent(checked(width * height * 4)), pooled: true);
        return new(width, height, GC.AllocateUninitializedArray<byte>(checked(width * height * 4))) { _dropOnReturn = pooled };
    }

    /// <summary>
    /// <see cref="Allocate"/> for a decoder: first waits for its pixels in <see cref="MemoryBudget.DecodedPixels"/>, and
    /// holds them until <see cref="ReturnToPool"/> (or <see cref="LeaveBudget"/>).
    /// </summary>
    internal static DecodedImage AllocateForDecode(int width, int height, bool pooled)
    {
        var lease = MemoryBudget.DecodedPixels.Acquire((long)width * height);
        try
        {
            var image = Allocate(width, height, pooled);
            image._lease = lease;
            return image;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>The pixels this image holds of <see cref="MemoryBudget.DecodedPixels"/> (0 once given back).</summary>
    internal long BudgetedPixels => _lease?.Amount ?? 0;

    /// <summary>Gives the image's pixels back to the decode budget while keeping them: for images handed to a caller who keeps them.</summary>
    internal DecodedImage LeaveBudget()
    {
        Interlocked.Exchange(ref _lease, null)?.Dispose();
        return this;
    }

    /// <summary>
    /// Makes this image (a new copy replacing <paramref name="source"/>) take over its share of the decode budget, and,
    /// when the source was to be given back, the buffer is dropped when this one is.
    /// </summary>
    internal void TakeBudgetOf(DecodedImage source)
    {
        _lease = Interlocked.Exchange(ref source._lease, null);
        _dropOnReturn = source._pooled || source._dropOnReturn;
    }

    /// <summary>
    /// Gives a pooled image's buffer back, and any image's pixels back to the decode budget; no effect on other images.
    /// The image must not be used afterwards.
    /// </summary>
    internal void ReturnToPool()
    {
        LeaveBudget();
        if (_dropOnReturn && _buffer is { } large)
        {
            _buffer = _exact = null;
            if (large.Length >= CollectAfterBytes)
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            return;
        }
        if (!_pooled || _buffer is null)
            return;
        var buffer = _buffer;
        _buffer = null;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>The ML.NET image type that the stock image transforms consume (a copy of the pixels).</summary>
    public MLImage ToMLImage() => MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Bgra32, Pixels);
}
