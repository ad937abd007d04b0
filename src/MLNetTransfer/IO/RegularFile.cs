using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MLNetTransfer.IO;

/// <summary>
/// Opens a file for reading only when it is a regular file (after following symbolic links). A named pipe would
/// block the open until some writer came, and a device (/dev/zero, /dev/random) reads without end; neither is
/// ever opened as an image. On Linux the open itself cannot block (O_NONBLOCK) and the type is checked again on
/// the open descriptor, so a file swapped for a pipe between the check and the open is still refused. Elsewhere
/// files open as .NET opens them (Windows keeps pipes and devices out of the file system; on macOS the layout of
/// struct stat differs between architectures and is not relied on).
/// </summary>
internal static unsafe class RegularFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int OpenReadOnlyNonBlocking = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC (Linux)
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;

    /// <summary>
    /// The open file and its length. Throws <see cref="NotRegularFileException"/> for anything but a regular file,
    /// and the usual FileNotFoundException, UnauthorizedAccessException or IOException otherwise.
    /// </summary>
    public static SafeFileHandle OpenForRead(string path, out long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            var opened = File.OpenHandle(path);
            length = RandomAccess.GetLength(opened);
            return opened;
        }

        // Refused before any open: opening some devices has effects of its own.
        if (StatLinux(path) is var (mode, _) && (mode & 0xF000) != 0x8000)
            throw new NotRegularFileException(Describe(mode));
        var fd = OpenLinux(path, OpenReadOnlyNonBlocking);
        if (fd < 0)
            throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var (openedMode, size) = StatLinux(handle);
        if ((openedMode & 0xF000) != 0x8000)
        {
            handle.Dispose();
            throw new NotRegularFileException(Describe(openedMode));
        }
        length = size;
        return handle;
    }

    private static string Describe(int mode) => (mode & 0xF000) switch
    {
        0x1000 => "it is a named pipe (FIFO), not a regular file; it was not read",
        0x2000 => "it is a character device (such as /dev/zero), not a regular file; it was not read",
        0x6000 => "it is a block device, not a regular file; it was not read",
        0xC000 => "it is a socket, not a regular file; it was not read",
        0x4000 => "it is a folder, not a file",
        _ => "it is not a regular file; it was not read",
    };

    /// <summary>Mode and size of a path (following links), or null when it cannot be examined (the open then says why).</summary>
    private static (int Mode, long Size)? StatLinux(string path)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        try
        {
            if (StatxPath(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0)
                return null;
        }
        catch (EntryPointNotFoundException)
        {
            // A C library without statx (musl before 1.2.5): the open below still cannot block.
            return null;
        }
        return (*(ushort*)(buffer + StatxModeOffset), *(long*)(buffer + StatxSizeOffset));
    }

    private static (int Mode, long Size) StatLinux(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        try
        {
            if (StatxDescriptor((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxType | StatxSize, buffer) != 0)
                return (0x8000, RandomAccess.GetLength(handle));
        }
        catch (EntryPointNotFoundException)
        {
            return (0x8000, RandomAccess.GetLength(handle));
        }
        return (*(ushort*)(buffer + StatxModeOffset), *(long*)(buffer + StatxSizeOffset));
    }

    private static Exception ErrorFor(int errno, string path) => errno switch
    {
        2 when !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))) => new DirectoryNotFoundException($"The folder of '{path}' does not exist."),
        2 => new FileNotFoundException($"Could not find file '{path}'.", path),
        13 or 1 => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
        20 => new DirectoryNotFoundException($"A folder in '{path}' does not exist."),
        6 => new NotRegularFileException("it is not a regular file (no reader can open it); it was not read"),
        _ => new IOException($"{Marshal.GetPInvokeErrorMessage(errno)} : '{path}'"),
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenLinux([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxPath(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxDescriptor(int descriptor, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);
}

/// <summary>A path that names something other than a regular file (a pipe, device, socket or folder).</summary>
internal sealed class NotRegularFileException(string reason) : IOException(reason);
