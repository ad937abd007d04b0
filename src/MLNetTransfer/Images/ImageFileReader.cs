using System.Buffers;
using MLNetTransfer.IO;

namespace MLNetTransfer.Images;

/// <summary>
/// The one way image files are read: regular files only (a named pipe, socket or device is refused without being
/// read, so it can neither block nor stream forever), at most a size cap that is checked before any byte is read,
/// and exactly the length the file had when opened. Every failure is an <see cref="ImageDecodeException"/> whose
/// reason a user can act on, so a file that vanished or became unreadable since the folder was listed is one
/// skipped image, never the end of a run.
/// </summary>
internal static class ImageFileReader
{
    /// <summary>
    /// Default cap on an image file: 256 MB. A 100-megapixel camera JPEG is 20-60 MB and an uncompressed 24-bit BMP
    /// of 85 megapixels is 256 MB, while the decoder refuses more than 100 megapixels anyway
    /// (<see cref="ImageDecodeOptions.DefaultMaxPixels"/>); a larger file named .jpg is a video, a disk image or
    /// damage, and reading it would cost its size in memory on every decode thread.
    /// </summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    public static byte[] ReadAllBytes(string path, long maxBytes = DefaultMaxBytes) => Read(path, maxBytes, (handle, length) =>
    {
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var read = Fill(handle, bytes, (int)length);
        return read == length ? bytes : bytes[..read];
    });

    /// <summary>Largest file read into a pooled buffer: 16 MB (a large camera JPEG); larger ones get their own array.</summary>
    internal const int PooledLimitBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The file's bytes in a buffer rented from the pool (give it back with <see cref="PooledBytes.Dispose"/>):
    /// photos over 85 KB would otherwise each be a new large-object-heap array. The bytes are held from
    /// <see cref="MemoryBudget.EncodedBytes"/> until then, which bounds what all threads hold at once.
    /// </summary>
    internal static PooledBytes ReadPooled(string path, long maxBytes = DefaultMaxBytes) => Read(path, maxBytes, (handle, length) =>
    {
        var lease = MemoryBudget.EncodedBytes.Acquire(length);
        try
        {
            // The pool would keep a huge buffer per thread long after the file: those are not pooled.
            var pooled = length <= PooledLimitBytes;
            var buffer = pooled ? ArrayPool<byte>.Shared.Rent((int)length) : GC.AllocateUninitializedArray<byte>((int)length);
            return new PooledBytes(buffer, Fill(handle, buffer, (int)length), pooled, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    });

    // A file that shrinks while being read gives what it still has; one that grows gives its first 'length' bytes.
    private static int Fill(Microsoft.Win32.SafeHandles.SafeFileHandle handle, byte[] buffer, int length)
    {
        var read = 0;
        while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, length - read), read) is var count and > 0)
            read += count;
        return read;
    }

    private static T Read<T>(string path, long maxBytes, Func<Microsoft.Win32.SafeHandles.SafeFileHandle, long, T> read)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        try
        {
            using var handle = RegularFile.OpenForRead(path, out var length);
            // Checked on the open file, before any byte is read: a 5 GB file named .jpg costs nothing.
            if (length > maxBytes || length > Array.MaxLength)
            {
                throw new ImageDecodeException($"the file is {Megabytes(length)}, above the image size limit of {Megabytes(maxBytes)}; " +
                    "it was not read (raise FeaturizerOptions.MaxImageBytes to allow it)");
            }
            return read(handle, length);
        }
        catch (NotRegularFileException e)
        {
            throw new ImageDecodeException(e.Message, e);
        }
        catch (FileNotFoundException)
        {
            throw new ImageDecodeException("the file does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ImageDecodeException("its folder does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImageDecodeException("permission denied: the file cannot be read");
        }
        catch (IOException e)
        {
            throw new ImageDecodeException($"the file cannot be read ({e.Message})", e);
        }
    }

    private static string Megabytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{bytes} bytes";
}

/// <summary>
/// Bytes in a buffer rented from the shared pool (or, when <paramref name="pooled"/> is false, an array of their own),
/// held from a memory budget; Dispose gives the buffer and the budget back.
/// </summary>
internal readonly struct PooledBytes(byte[] buffer, int length, bool pooled, MemoryBudget.Lease? lease) : IDisposable
{
    /// <summary>Bytes the caller owns, in the same shape; Dispose leaves them alone.</summary>
    public static PooledBytes Borrowed(byte[] bytes) => new(bytes, bytes.Length, pooled: false, lease: null);

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public void Dispose()
    {
        // A default instance (nothing was read) has no buffer to give back.
        if (buffer is not null && pooled)
            ArrayPool<byte>.Shared.Return(buffer);
        lease?.Dispose();
    }
}
