using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MLNetTransfer.FeatureStore;

/// <summary>
/// Which shard an image belongs to: the first 8 bytes of the SHA-256 of its identity (the path relative to the data
/// root or list file, '/' separators, Unicode NFC), modulo the shard count. It depends on nothing else (not the
/// machine, the order of listing, or the other images), so every worker computes the same split on its own and reads
/// only its share of the files; a renamed or moved file may change shard, an edited one keeps its place.
/// </summary>
internal static class ShardAssignment
{
    public static int ShardOf(string identity, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), digest);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % (ulong)shardCount);
    }

    /// <summary>The identity of a file under a root: relative, '/'-separated, NFC (a macOS NFD listing gives the same).</summary>
    public static string IdentityOf(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/').Normalize(NormalizationForm.FormC);
}
