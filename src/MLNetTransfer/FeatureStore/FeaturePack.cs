using System.Security.Cryptography;
using System.Text;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.FeatureStore;

/// <summary>
/// One shard's features in one file. Layout (little-endian): magic "MTFP", version, then the header (cache key, job id,
/// shard index and count, images in the shard, entries, features per entry, bad images), the entries sorted by content
/// hash (32 hash bytes, then the floats), the bad images sorted by name (name, reason), and last the SHA-256 of all
/// that came before. Nothing in it depends on the machine, the clock or the order images were processed, so the same
/// shard always gives the same bytes; a torn or altered file fails the checksum and is never read.
/// </summary>
internal sealed class FeaturePack
{
    public const string Extension = ".pack";
    private const uint Magic = 0x5046544D; // "MTFP" little-endian
    private const int Version = 1;
    private const int ChecksumBytes = 32;
    private const int HashBytes = 32;

    public required string CacheKey { get; init; }
    public required string JobId { get; init; }
    public required int ShardIndex { get; init; }
    public required int ShardCount { get; init; }
    /// <summary>Images listed in the shard (features, bad images and duplicate contents together).</summary>
    public required int ImageCount { get; init; }
    public required int FeatureCount { get; init; }

    /// <summary>Content hashes (lower-case hex), in ordinal order; row r of <see cref="Features"/> is entry r.</summary>
    public required IReadOnlyList<string> Hashes { get; init; }
    public required float[] Features { get; init; }

    /// <summary>Images that could not be used, by name (their identity in the job) and reason, in ordinal order of name.</summary>
    public required IReadOnlyList<SkippedImage> BadImages { get; init; }

    public ReadOnlySpan<float> Row(int entry) => Features.AsSpan(entry * FeatureCount, FeatureCount);

    /// <summary>The pack of a shard's featurize result: duplicates of one content stored once, everything sorted.</summary>
    public static FeaturePack From(FeaturizeResult result, string cacheKey, string jobId, int shardIndex, int shardCount, int imageCount)
    {
        var hashes = result.ContentHashes ?? throw new ArgumentException("A shard's features need their content hashes.", nameof(result));
        var rows = Enumerable.Range(0, result.Count)
            .DistinctBy(r => hashes[r], StringComparer.Ordinal)
            .OrderBy(r => hashes[r], StringComparer.Ordinal)
            .ToArray();
        var features = new float[rows.Length * result.FeatureCount];
        for (var i = 0; i < rows.Length; i++)
            result.Row(rows[i]).CopyTo(features.AsSpan(i * result.FeatureCount));
        return new FeaturePack
        {
            CacheKey = cacheKey,
            JobId = jobId,
            ShardIndex = shardIndex,
            ShardCount = shardCount,
            ImageCount = imageCount,
            FeatureCount = result.FeatureCount,
            Hashes = rows.Select(r => hashes[r]).ToArray(),
            Features = features,
            BadImages = result.Skipped.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Reason, StringComparer.Ordinal).ToArray(),
        };
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(CacheKey);
            writer.Write(JobId);
            writer.Write(ShardIndex);
            writer.Write(ShardCount);
            writer.Write(ImageCount);
            writer.Write(Hashes.Count);
            writer.Write(FeatureCount);
            writer.Write(BadImages.Count);
            for (var i = 0; i < Hashes.Count; i++)
            {
                writer.Write(Convert.FromHexString(Hashes[i]));
                foreach (var value in Row(i))
                    writer.Write(value);
            }
            foreach (var bad in BadImages)
            {
                writer.Write(bad.Name);
                writer.Write(bad.Reason);
            }
        }
        var body = buffer.ToArray();
        var bytes = new byte[body.Length + ChecksumBytes];
        body.CopyTo(bytes, 0);
        SHA256.HashData(body).CopyTo(bytes, body.Length);
        return bytes;
    }

    /// <summary>Reads the pack at <paramref name="path"/>; null with the <paramref name="problem"/> when it is not a whole, intact pack.</summary>
    public static FeaturePack? TryRead(IFeatureStoreStorage storage, string path, out byte[] bytes, out string? problem)
    {
        try
        {
            using var stream = storage.OpenRead(path);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bytes = [];
            problem = e is FileNotFoundException ? "it is not there" : $"it cannot be read: {e.Message}";
            return null;
        }
        return TryParse(bytes, out problem);
    }

    /// <summary>Reads a pack; null with the <paramref name="problem"/> when the bytes are not a whole, intact pack.</summary>
    public static FeaturePack? TryParse(byte[] bytes, out string? problem)
    {
        if (bytes.Length < 8 + ChecksumBytes)
        {
            problem = $"only {bytes.Length} bytes, shorter than any pack";
            return null;
        }
        var body = bytes.AsSpan(0, bytes.Length - ChecksumBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes)))
        {
            problem = "its checksum does not match its content (torn or altered)";
            return null;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic)
            {
                problem = "not a feature pack (wrong magic number)";
                return null;
            }
            var version = reader.ReadInt32();
            if (version != Version)
            {
                problem = $"pack format version {version}; this version reads {Version}";
                return null;
            }
            var cacheKey = reader.ReadString();
            var jobId = reader.ReadString();
            var shardIndex = reader.ReadInt32();
            var shardCount = reader.ReadInt32();
            var imageCount = reader.ReadInt32();
            var entries = reader.ReadInt32();
            var featureCount = reader.ReadInt32();
            var badCount = reader.ReadInt32();
            if (entries < 0 || featureCount < 1 || badCount < 0 || (long)entries * (HashBytes + 4L * featureCount) > body.Length)
            {
                problem = "its header counts do not fit its size";
                return null;
            }
            var hashes = new string[entries];
            var features = new float[entries * featureCount];
            for (var i = 0; i < entries; i++)
            {
                hashes[i] = Convert.ToHexStringLower(reader.ReadBytes(HashBytes));
                for (var f = 0; f < featureCount; f++)
                    features[i * featureCount + f] = reader.ReadSingle();
            }
            var bad = new SkippedImage[badCount];
            for (var i = 0; i < badCount; i++)
                bad[i] = new SkippedImage(reader.ReadString(), reader.ReadString());
            problem = null;
            return new FeaturePack
            {
                CacheKey = cacheKey,
                JobId = jobId,
                ShardIndex = shardIndex,
                ShardCount = shardCount,
                ImageCount = imageCount,
                FeatureCount = featureCount,
                Hashes = hashes,
                Features = features,
                BadImages = bad,
            };
        }
        catch (EndOfStreamException)
        {
            problem = "it ends inside its entries";
            return null;
        }
    }
}
