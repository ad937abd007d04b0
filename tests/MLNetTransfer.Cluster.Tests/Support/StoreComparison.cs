using MLNetTransfer.FeatureStore;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Cluster.Tests.Support;

/// <summary>Checks on whole feature stores: same files with the same bytes, every image's features exactly once.</summary>
internal static class StoreComparison
{
    public static void ShouldEqualByteForByte(string actualStore, string expectedStore)
    {
        var expected = Files(expectedStore);
        var actual = Files(actualStore);
        actual.Keys.Should().BeEquivalentTo(expected.Keys, "the cluster must leave the same pack files as a one-process run");
        foreach (var (name, path) in expected)
            File.ReadAllBytes(actual[name]).SequenceEqual(File.ReadAllBytes(path)).Should().BeTrue($"{name} must be byte-identical");
    }

    /// <summary>
    /// Reads every pack: one per shard, each holding the content hash of every image the plan puts in that shard, once
    /// (two files with the same bytes in one shard share an entry, as in a local run).
    /// </summary>
    public static void ShouldHoldEveryImageOnce(string store, ShardPlan plan)
    {
        var packs = Directory.EnumerateFiles(store, "*" + FeaturePack.Extension, SearchOption.AllDirectories)
            .Select(p => FeaturePack.TryParse(File.ReadAllBytes(p), out var problem) ?? throw new InvalidDataException($"{p}: {problem}"))
            .ToDictionary(p => p.ShardIndex);
        packs.Keys.Should().BeEquivalentTo(Enumerable.Range(0, plan.ShardCount), "every shard has exactly one pack");
        foreach (var shard in plan.Shards)
        {
            var pack = packs[shard.Index];
            var expected = shard.Images.Select(i => ContentHash.Of(File.ReadAllBytes(i.Path))).Distinct().ToArray();
            pack.Hashes.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected, $"shard {shard.Index} holds exactly its own images");
            pack.ImageCount.Should().Be(shard.Images.Count);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            // A worker killed with SIGKILL between creating an atomic write's temporary file and renaming it leaves
            // that file; it is never read, and the store's documentation says it may be deleted at any time.
            .Where(p => !AtomicFile.IsTemporary(p))
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), p => p, StringComparer.Ordinal);
}
