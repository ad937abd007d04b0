using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace MLNetTransfer.IO;

/// <summary>
/// Opens a file for reading only when it is a regular file (after following symbolic links). A named pipe would
/// block the open until some writer came, and a device (/dev/zero, /dev/random) reads without end; neither is
/// ever opened as an image. On Unix the type is checked before the open, the open itself cannot block (O_NONBLOCK),
/// and the type is checked again on the open descriptor, so a file swapped for a pipe between the check and the open
/// is still refused: on Linux through statx, on macOS and FreeBSD through the .NET runtime's own stat shim (whose
/// layout is the same everywhere). On Windows a device (NUL, COM1, CON), a pipe, a folder or a link to one is refused
/// by the type of the opened handle.
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
        if (OperatingSystem.IsWindows())
            return OpenWindows(path, out length);
        if (!OperatingSystem.IsLinux())
            return OpenThroughRuntimeStat(path, out length);

        // Refused before any open: opening some devices has effects of its own.
        if (StatLinux(path) is var (mode, _) && (mode & 0xF000) != 0x8000)
            throw new NotRegularFileException(Describe(mode));
        var fd = OpenUnix(path, OpenReadOnlyNonBlocking);
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

    /// <summary>
    /// The Unix way for any Unix (used beyond Linux): the .NET runtime's stat shim (libSystem.Native, FileStatus: Mode at
    /// offset 4, Size at 16, S_IF* values fixed for managed callers) before and after a non-blocking open.
    /// </summary>
    internal static SafeFileHandle OpenThroughRuntimeStat(string path, out long length)
    {
        // Refused before any open: opening some devices has effects of its own.
        if (RuntimeStat(path) is var (mode, _) && (mode & 0xF000) != 0x8000)
            throw new NotRegularFileException(Describe(mode));
        SafeFileHandle handle;
        if (NonBlockingReadFlags() is { } flags)
        {
            var fd = OpenUnix(path, flags);
            if (fd < 0)
                throw ErrorFor(Marshal.GetLastPInvokeError(), path);
            handle = new SafeFileHandle(fd, ownsHandle: true);
        }
        else
        {
            handle = File.OpenHandle(path);
        }
        var (openedMode, size) = RuntimeStat(handle) ?? (0x8000, RandomAccess.GetLength(handle));
        if ((openedMode & 0xF000) != 0x8000)
        {
            handle.Dispose();
            throw new NotRegularFileException(Describe(openedMode));
        }
        length = size;
        return handle;
    }

    /// <summary>O_RDONLY | O_NONBLOCK | O_CLOEXEC where their values are known, else null (open as .NET does).</summary>
    private static int? NonBlockingReadFlags() =>
        OperatingSystem.IsLinux() ? OpenReadOnlyNonBlocking
        : OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst() ? 0x0004 | 0x01000000
        : OperatingSystem.IsFreeBSD() ? 0x0004 | 0x00100000
        : null;

    private static (int Mode, long Size)? RuntimeStat(string path)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        try
        {
            return RuntimeStatPath(path, buffer) == 0 ? (*(int*)(buffer + 4), *(long*)(buffer + 16)) : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    private static (int Mode, long Size)? RuntimeStat(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        try
        {
            return RuntimeStatDescriptor(handle.DangerousGetHandle(), buffer) == 0 ? (*(int*)(buffer + 4), *(long*)(buffer + 16)) : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        finally
        {
            GC.KeepAlive(handle);
        }
    }

    /// <summary>
    /// Windows: pipes and devices are reached by names (\\.\pipe\x, NUL, COM1, and on older versions CON.jpg), a
    /// link can point at a folder; only a handle of type FILE_TYPE_DISK that is not a folder is an image.
    /// </summary>
    [SupportedOSPlatform("windows")]
    private static SafeFileHandle OpenWindows(string path, out long length)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var reason = WindowsFileType(GetFileType(handle)) ??
            ((File.GetAttributes(handle) & (FileAttributes.Directory | FileAttributes.Device)) != 0
                ? "it is a folder or a device, not a regular file; it was not read"
                : null);
        if (reason is not null)
        {
            handle.Dispose();
            throw new NotRegularFileException(reason);
        }
        length = RandomAccess.GetLength(handle);
        return handle;
    }

    /// <summary>Why a handle of Windows file type <paramref name="type"/> is no image, or null for a disk file.</summary>
    internal static string? WindowsFileType(int type) => type switch
    {
        1 => null, // FILE_TYPE_DISK
        2 => "it is a character device (such as NUL, CON or COM1), not a regular file; it was not read",
        3 => "it is a named pipe or a socket, not a regular file; it was not read",
        _ => "it is not a regular file; it was not read",
    };

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

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int RuntimeStatPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* fileStatus);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
    private static extern int RuntimeStatDescriptor(nint descriptor, byte* fileStatus);

    [DllImport("kernel32", SetLastError = true)]
    private static extern int GetFileType(SafeFileHandle handle);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenUnix([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxPath(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxDescriptor(int descriptor, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);
}

/// <summary>A path that names something other than a regular file (a pipe, device, socket or folder).</summary>
internal sealed class NotRegularFileException(string reason) : IOException(reason);
