namespace MLNetTransfer.FeatureStore;

/// <summary>
/// A feature store in a folder of a local or shared file system (NFS, SMB, Azure Files, EFS). Writes go through
/// <see cref="AtomicFile"/>: a temporary file beside the target, flushed, then renamed over it, which those file
/// systems do in one step, so a worker killed mid-write leaves at most a stray temporary file, never a torn pack.
/// </summary>
public sealed class FileSystemFeatureStoreStorage : IFeatureStoreStorage
{
    public FileSystemFeatureStoreStorage(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    public string RootDirectory { get; }

    public IReadOnlyList<string> List(string prefix)
    {
        var folder = FullPath(prefix);
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            // Temporary files of writes in progress (or of killed writers) are not part of the store.
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Select(f => Path.GetRelativePath(RootDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public Stream OpenRead(string path) =>
        new FileStream(FullPath(path), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);

    public void WriteAtomically(string path, ReadOnlySpan<byte> bytes) => AtomicFile.WriteAllBytes(FullPath(path), bytes);

    public bool Exists(string path) => File.Exists(FullPath(path));

    public void Delete(string path)
    {
        try
        {
            File.Delete(FullPath(path));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public string Describe(string path) => FullPath(path);

    private string FullPath(string path)
    {
        var full = Path.GetFullPath(Path.Combine(RootDirectory, path.Replace('/', Path.DirectorySeparatorChar)));
        // Paths come from the store's own layout; one that climbs out of the root is a bug, not a file to touch.
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(RootDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Store path '{path}' leaves the store '{RootDirectory}'.", nameof(path));
        return full;
    }
}
