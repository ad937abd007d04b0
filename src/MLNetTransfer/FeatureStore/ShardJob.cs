using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetTransfer.FeatureStore;

/// <summary>
/// A featurizing job split into shards, as any scheduler hands it to its workers: the images (a class-folder tree or a
/// list file), the backbone (a local ONNX file with its spec sidecar, or a catalog name), the store and the number of
/// shards. It travels as JSON (<see cref="ToJson"/>, <see cref="FromJson"/>); its paths must mean the same file on every
/// worker (absolute paths on a shared mount).
/// </summary>
public sealed record ShardJob
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>A folder of images, one sub-folder per class (every image file below it is featurized).</summary>
    public string? DataRoot { get; init; }

    /// <summary>A "path,label" list file (paths relative to its folder), instead of <see cref="DataRoot"/>.</summary>
    public string? ListFile { get; init; }

    /// <summary>A local ONNX backbone; its spec is the FILE.json beside it.</summary>
    public string? BackbonePath { get; init; }

    /// <summary>A catalog backbone (a name or a Vision architecture), instead of <see cref="BackbonePath"/>.</summary>
    public string? Arch { get; init; }

    /// <summary>Where catalog backbones are downloaded to and looked up; null is the user cache folder.</summary>
    public string? BackboneCacheDirectory { get; init; }

    /// <summary>Never download a catalog backbone; it must already be in <see cref="BackboneCacheDirectory"/>.</summary>
    public bool Offline { get; init; }

    /// <summary>Base URL serving catalog backbone files by file name.</summary>
    public string? Mirror { get; init; }

    /// <summary>The feature store's root folder.</summary>
    public required string Store { get; init; }

    /// <summary>How many shards the images are split into.</summary>
    public required int ShardCount { get; init; }

    /// <summary>Threads for decoding and ONNX Runtime per shard; 0 is one per core.</summary>
    public int Threads { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ShardJob FromJson(string json) =>
        JsonSerializer.Deserialize<ShardJob>(json, JsonOptions) ?? throw new InvalidDataException("A shard job's JSON is 'null'.");

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if ((DataRoot is null) == (ListFile is null))
            throw new ArgumentException("A shard job needs exactly one of DataRoot (a folder) or ListFile (a path,label list).");
        if ((BackbonePath is null) == (Arch is null))
            throw new ArgumentException("A shard job needs exactly one of BackbonePath (an ONNX file) or Arch (a catalog name).");
        if (string.IsNullOrWhiteSpace(Store))
            throw new ArgumentException("A shard job needs Store, the feature store's folder.");
        if (ShardCount < 1)
            throw new ArgumentException($"ShardCount must be at least 1 (got {ShardCount}).");
        if (Threads < 0)
            throw new ArgumentException($"Threads must be 0 (one per core) or more (got {Threads}).");
        if (Mirror is not null && !Uri.TryCreate(Mirror, UriKind.Absolute, out _))
            throw new ArgumentException($"Mirror must be an absolute URL (got '{Mirror}').");
    }

    /// <summary>Checks a shard index against <see cref="ShardCount"/>.</summary>
    internal void ValidateShard(int shardIndex)
    {
        if (shardIndex < 0 || shardIndex >= ShardCount)
            throw new ArgumentOutOfRangeException(nameof(shardIndex), $"Shard {shardIndex} does not exist: shards are 0 to {ShardCount - 1}.");
    }
}
