namespace MLNetTransfer.FeatureStore;

/// <summary>
/// Where a feature store keeps its files: a few operations on paths relative to the store's root, always with '/'
/// separators. A shared file system (<see cref="FileSystemFeatureStoreStorage"/>) serves NFS, SMB, Azure Files and EFS
/// mounts; an object store (keys for paths, a single PUT for an atomic write) fits the same shape.
/// </summary>
public interface IFeatureStoreStorage
{
    /// <summary>Every file whose path starts with <paramref name="prefix"/> (a folder, ending in '/'), at any depth, in ordinal order.</summary>
    IReadOnlyList<string> List(string prefix);

    /// <summary>Opens a file for reading; a missing one is a <see cref="FileNotFoundException"/>.</summary>
    Stream OpenRead(string path);

    /// <summary>Replaces the file with <paramref name="bytes"/> so that no reader ever sees part of them.</summary>
    void WriteAtomically(string path, ReadOnlySpan<byte> bytes);

    bool Exists(string path);

    /// <summary>Removes the file; a missing one is not an error.</summary>
    void Delete(string path);

    /// <summary>Where the store is, for messages.</summary>
    string Describe(string path);
}
