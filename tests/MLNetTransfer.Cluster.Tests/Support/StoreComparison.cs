using MLNetTransfer.FeatureStore;

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

    /// <summary>Reads every pack: each content hash in exactly one pack, and the images counted add up to the plan's.</summary>
    public static void ShouldHoldEveryImageOnce(string store, int expectedImages)
    {
        var packs = Directory.EnumerateFiles(store, "*" + FeaturePack.Extension, SearchOption.AllDirectories)
            .Select(p => FeaturePack.TryParse(File.ReadAllBytes(p), out var problem) ?? throw new InvalidDataException($"{p}: {problem}"))
            .ToArray();
        packs.Should().NotBeEmpty();
        var hashes = packs.SelectMany(p => p.Hashes).ToArray();
        hashes.Should().OnlyHaveUniqueItems("no image's features may be stored twice");
        packs.Sum(p => p.ImageCount).Should().Be(expectedImages);
        packs.Select(p => p.ShardIndex).Should().OnlyHaveUniqueItems();
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), p => p, StringComparer.Ordinal);
}
