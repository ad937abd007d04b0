namespace MLNetTransfer;

/// <summary>
/// Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in the
/// same folder, are flushed to disk, then the temporary file is renamed over the target in one step.
/// </summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// True for the temporary file of a write that never finished ('.NAME.PID.GUID.tmp', left by a killed process):
    /// never read, and safe to delete.
    /// </summary>
    public static bool IsTemporary(string path) =>
        Path.GetFileName(path) is var name && name.StartsWith('.') && name.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    /// <param name="path">The file to write.</param>
    /// <param name="bytes">Its whole content.</param>
    /// <param name="durable">
    /// False skips waiting for the disk (about 3 ms per file here): the rename stays atomic while the machine runs,
    /// but after a power cut the file may be empty or damaged. Only for files whose readers check them, such as
    /// checksummed cache entries, which are then recomputed.
    /// </param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool durable = true)
    {
        var data = bytes.ToArray();
        Write(path, stream => stream.Write(data), durable);
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes through <paramref name="writeTo"/> into a temporary file, then moves it into place.</summary>
    public static void Write(string path, Action<Stream> writeTo) => Write(path, writeTo, durable: true);

    private static void Write(string path, Action<Stream> writeTo, bool durable)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writeTo(stream);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e)
        {
            TryDelete(temp);
            // Name the file the caller meant (not the temporary one): "No space left on device" needs a where.
            throw new IOException($"Cannot write '{full}': {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
