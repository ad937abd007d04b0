using System.Runtime.InteropServices;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Swaps two folders in one atomic step where the system can (Linux renameat2 with RENAME_EXCHANGE).</summary>
internal static class FolderSwap
{
    public enum Result
    {
        Exchanged,

        /// <summary>No atomic exchange here (another system, an old kernel or file system): rename in two steps.</summary>
        Unsupported,

        /// <summary>The folders are on different file systems (or one is a mount point): no rename can move them.</summary>
        OtherFileSystem,
    }

    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int CrossDevice = 18, Busy = 16;

    public static Result Exchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
            return SameFileSystem(first, second) ? Result.Unsupported : Result.OtherFileSystem;
        try
        {
            if (RenameAt2(AtFdCwd, first, AtFdCwd, second, RenameExchange) == 0)
                return Result.Exchanged;
        }
        catch (EntryPointNotFoundException)
        {
            return Result.Unsupported;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno is CrossDevice or Busy)
            return Result.OtherFileSystem;
        if (errno is 22 or 38 or 95) // EINVAL, ENOSYS, EOPNOTSUPP: the file system or kernel has no exchange
            return Result.Unsupported;
        throw new IOException($"Cannot put '{first}' in place of '{second}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static bool SameFileSystem(string first, string second) =>
        string.Equals(Path.GetPathRoot(first), Path.GetPathRoot(second), StringComparison.OrdinalIgnoreCase);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
}
