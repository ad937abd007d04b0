using MLNetTransfer.Featurization;

namespace MLNetTransfer.FeatureStore;

/// <summary>
/// Every intact pack of one cache key, loaded once, looked up by content hash. A damaged pack, or one of another
/// feature width, is left out (and named in <see cref="Problems"/>): its images simply miss, as a damaged loose entry does.
/// </summary>
internal sealed class FeaturePackIndex
{
    private readonly Dictionary<string, (FeaturePack Pack, int Entry)> _entries = new(StringComparer.Ordinal);

    private FeaturePackIndex()
    {
    }

    public int PackCount { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public int Count => _entries.Count;

    public static FeaturePackIndex Load(IFeatureStoreStorage storage, string cacheKey, int featureCount)
    {
        var index = new FeaturePackIndex();
        var problems = new List<string>();
        foreach (var path in storage.List(FeatureStoreLayout.PacksOf(cacheKey)).Where(p => p.EndsWith(FeaturePack.Extension, StringComparison.Ordinal)))
        {
            var pack = FeaturePack.TryRead(storage, path, out _, out var problem);
            if (pack is null || pack.CacheKey != cacheKey || pack.FeatureCount != featureCount)
            {
                problems.Add($"'{storage.Describe(path)}' left out: {problem ?? "its header names another backbone or feature width"}");
                continue;
            }
            index.PackCount++;
            for (var i = 0; i < pack.Hashes.Count; i++)
                index._entries.TryAdd(pack.Hashes[i], (pack, i));
        }
        index.Problems = problems;
        return index;
    }

    public bool TryRead(string contentHash, Span<float> features)
    {
        if (!_entries.TryGetValue(contentHash, out var found))
            return false;
        found.Pack.Row(found.Entry).CopyTo(features);
        return true;
    }
}
