using MLNetTransfer.Featurization;

namespace MLNetTransfer.FeatureStore;

/// <summary>What one shard left in the store: its pack, how many images it covered, which could not be used, and why.</summary>
public sealed record ShardResult
{
    public required string JobId { get; init; }
    public required int ShardIndex { get; init; }
    public required int ShardCount { get; init; }

    /// <summary>Images the shard lists.</summary>
    public required int Images { get; init; }

    /// <summary>Entries in the pack: one per distinct image content.</summary>
    public required int FeaturesWritten { get; init; }

    /// <summary>Images that could not be used (name relative to the data, reason), as a local run reports them.</summary>
    public required IReadOnlyList<SkippedImage> BadImages { get; init; }

    /// <summary>The pack's path inside the store ('/' separators).</summary>
    public required string PackPath { get; init; }

    /// <summary>SHA-256 of the pack file: equal hashes, identical packs.</summary>
    public required string PackHash { get; init; }

    /// <summary>True when an intact pack of this shard was already there and nothing was computed.</summary>
    public bool AlreadyComplete { get; init; }

    /// <summary>Why a pack that was there was computed again (damaged, or of another job); null otherwise.</summary>
    public string? Redone { get; init; }

    /// <summary>Wall time of the shard, listing excluded.</summary>
    public TimeSpan Elapsed { get; init; }
}
