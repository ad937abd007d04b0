using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Featurization;

/// <summary>
/// Bottleneck features on disk, one small file per image, addressed by the image's content hash inside a folder
/// named by the hash of everything else that shapes the features (backbone file, spec, preprocessing). So a
/// changed image, backbone or setting simply misses, and an unchanged one hits whatever its file name or order.
/// Each entry carries a checksum: a truncated or altered entry is detected, deleted and recomputed, never trusted.
/// Entries are written atomically, so a run killed mid-way leaves only whole entries and the next run resumes.
/// The root folder is also a feature store: lookups consult the packs that sharded featurize jobs wrote under the same
/// key folder (see <see cref="FeatureStoreLayout"/>) before the loose entries.
/// </summary>
internal sealed class BottleneckCache
{
    private const uint Magic = 0x424E544D; // "MTNB" little-endian
    private const int Version = 1;
    private const int HeaderBytes = 12;    // magic, version, feature count
    private const int ChecksumBytes = 16;  // leading bytes of SHA-256 over header + payload

    public BottleneckCache(string rootDirectory, string modelKey, int featureCount)
    {
        if (featureCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(featureCount));
        RootDirectory = Path.GetFullPath(rootDirectory);
        Directory = Path.Combine(RootDirectory, modelKey);
        FeatureCount = featureCount;
        _packs = new Lazy<FeaturePackIndex>(() => FeaturePackIndex.Load(new FileSystemFeatureStoreStorage(RootDirectory), modelKey, featureCount));
    }

    /// <summary>Default root: the 'bottlenecks' folder of <see cref="UserCacheDirectory"/>.</summary>
    public static string DefaultRootDirectory => Path.Combine(UserCacheDirectory.Root, "bottlenecks");

    public string RootDirectory { get; }

    /// <summary>The folder for this backbone and preprocessing.</summary>
    public string Directory { get; }

    public int FeatureCount { get; }

    private readonly Lazy<FeaturePackIndex> _packs;

    /// <summary>The store's packs for this key, loaded on the first lookup.</summary>
    internal FeaturePackIndex Packs => _packs.Value;

    public string EntryPath(string contentHash) =>
        Path.Combine(Directory, contentHash[..2], contentHash + ".bin");

    /// <summary>Reads an entry into <paramref name="features"/>; false when absent or damaged (a damaged one is deleted).</summary>
    public bool TryRead(string contentHash, Span<float> features)
    {
        if (features.Length != FeatureCount)
            throw new ArgumentException($"Expected {FeatureCount} floats.", nameof(features));
        if (_packs.Value.TryRead(contentHash, features))
            return true;
        var path = EntryPath(contentHash);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (!IsIntact(bytes))
        {
            TryDelete(path);
            return false;
        }
        MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderBytes, FeatureCount * sizeof(float))).CopyTo(features);
        return true;
    }

    /// <summary>Stores an entry atomically. A failure to write (full disk, read-only folder) is reported, never fatal.</summary>
    public bool TryWrite(string contentHash, ReadOnlySpan<float> features, out string? error)
    {
        if (features.Length != FeatureCount)
            throw new ArgumentException($"Expected {FeatureCount} floats.", nameof(features));
        var bytes = new byte[HeaderBytes + FeatureCount * sizeof(float) + ChecksumBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), FeatureCount);
        MemoryMarshal.AsBytes(features).CopyTo(bytes.AsSpan(HeaderBytes));
        Checksum(bytes.AsSpan(0, bytes.Length - ChecksumBytes)).CopyTo(bytes.AsSpan(bytes.Length - ChecksumBytes));
        try
        {
            // Not flushed to disk: an entry lost or torn by a power cut fails its checksum and is recomputed.
            AtomicFile.WriteAllBytes(EntryPath(contentHash), bytes, durable: false);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot write the bottleneck cache in '{Directory}': {e.Message}";
            return false;
        }
    }

    private bool IsIntact(byte[] bytes)
    {
        var expectedLength = HeaderBytes + FeatureCount * sizeof(float) + ChecksumBytes;
        if (bytes.Length != expectedLength)
            return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic ||
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != Version ||
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)) != FeatureCount)
            return false;
        var stored = bytes.AsSpan(bytes.Length - ChecksumBytes);
        return Checksum(bytes.AsSpan(0, bytes.Length - ChecksumBytes)).AsSpan().SequenceEqual(stored);
    }

    private static byte[] Checksum(ReadOnlySpan<byte> data) => SHA256.HashData(data)[..ChecksumBytes];

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
