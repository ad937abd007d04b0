using System.Runtime.InteropServices;

namespace MLNetTransfer.Images;

/// <summary>
/// One TurboJPEG decompressor. A handle is not thread-safe, so each thread gets its own on first use and keeps it;
/// when the thread ends the handle becomes unreachable and its finalizer destroys it.
/// </summary>
internal sealed unsafe class TurboJpegHandle : SafeHandle
{
    [ThreadStatic]
    private static TurboJpegHandle? t_current;

    private readonly TurboJpegLibrary _library;

    private TurboJpegHandle(TurboJpegLibrary library)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _library = library;
        SetHandle(library.InitDecompress());
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>This thread's decompressor, or null when the library cannot make one.</summary>
    public static TurboJpegHandle? ForCurrentThread(TurboJpegLibrary library)
    {
        var current = t_current;
        if (current is null)
        {
            current = new TurboJpegHandle(library);
            if (current.IsInvalid)
            {
                current.Dispose();
                return null;
            }
            t_current = current;
        }
        return current;
    }

    /// <summary>Reads the JPEG header: size and colour space (a TJCS_* value). False when the header is not readable.</summary>
    public bool TryReadHeader(ReadOnlySpan<byte> jpeg, out int width, out int height, out int colorspace)
    {
        int w, h, subsampling, space;
        ForgetLastError();
        int result;
        fixed (byte* source = jpeg)
            result = _library.DecompressHeader3(handle, source, new CULong((nuint)jpeg.Length), &w, &h, &subsampling, &space);
        GC.KeepAlive(this);
        (width, height, colorspace) = (w, h, space);
        return result == 0;
    }

    /// <summary>
    /// Decodes into <paramref name="bgra"/> (rows of width * 4 bytes) at the scale whose size is width x height.
    /// False on any error or warning (corrupt or truncated data), in which case the pixels must not be used.
    /// </summary>
    public bool TryDecompress(ReadOnlySpan<byte> jpeg, Span<byte> bgra, int width, int height)
    {
        const int pixelFormatBgra = 8; // TJPF_BGRA
        if (bgra.Length < (long)width * height * 4)
            throw new ArgumentException("The destination is smaller than the decoded image.", nameof(bgra));

        ForgetLastError();
        int result;
        fixed (byte* source = jpeg)
        fixed (byte* destination = bgra)
        {
            result = _library.Decompress2(handle, source, new CULong((nuint)jpeg.Length), destination, width, width * 4, height,
                pixelFormatBgra, 0);
        }
        GC.KeepAlive(this);
        return result == 0;
    }

    /// <summary>The library's message for this handle's last failure or warning.</summary>
    public string LastError
    {
        get
        {
            var message = _library.GetErrorStr2(handle);
            GC.KeepAlive(this);
            return Marshal.PtrToStringUTF8((nint)message) ?? "";
        }
    }

    // tjGetErrorStr2 returns a handle's own error once, ahead of the newer warning text, until it is read: an
    // unread failure from an earlier image on this thread would otherwise stand in for this image's warning.
    private void ForgetLastError()
    {
        _library.GetErrorStr2(handle);
        GC.KeepAlive(this);
    }

    protected override bool ReleaseHandle() => _library.Destroy(handle) == 0;
}
