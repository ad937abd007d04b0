using System.Buffers;

namespace MLNetTransfer.Images;

/// <summary>Reads an image file's bytes, turning every I/O failure into a reason a user can act on.</summary>
public static class ImageFileReader
{
    public static byte[] ReadAllBytes(string path) => Read(path, () => File.ReadAllBytes(path));

    /// <summary>
    /// The file's bytes in a buffer rented from the pool (give it back with <see cref="PooledBytes.Dispose"/>):
    /// photos over 85 KB would otherwise each be a new large-object-heap array.
    /// </summary>
    internal static PooledBytes ReadPooled(string path) => Read(path, () =>
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
            throw new IOException($"the file is {length} bytes long, more than an image can be");
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        var read = 0;
        // A file that shrinks while being read gives what it still has; one that grows gives its first 'length' bytes.
        while (read < length && RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read) is var count and > 0)
            read += count;
        return new PooledBytes(buffer, read);
    });

    private static T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
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
}

/// <summary>Bytes in a buffer rented from the shared pool; Dispose gives the buffer back.</summary>
internal readonly struct PooledBytes(byte[] buffer, int length) : IDisposable
{
    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public void Dispose()
    {
        // A default instance (nothing was read) has no buffer to give back.
        if (buffer is not null)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
