namespace MLNetTransfer.FeatureStore;

/// <summary>
/// Where things are in a feature store. The store is the bottleneck cache's root folder: under the folder the cache key
/// names (<see cref="Featurization.BottleneckCacheKey"/>), loose entries from local runs sit in two-hex-digit folders and
/// the packs of sharded jobs under 'packs/JOBID/'. So a cache and a store are one thing, read by one lookup.
/// </summary>
internal static class FeatureStoreLayout
{
    public const string PacksFolder = "packs";

    /// <summary>The folder (store-relative, with a trailing '/') holding every pack of one backbone and preprocessing.</summary>
    public static string PacksOf(string cacheKey) => $"{cacheKey}/{PacksFolder}/";

    public static string PackPath(string cacheKey, string jobId, int shardIndex, int shardCount) =>
        $"{PacksOf(cacheKey)}{jobId}/{ShardName(shardIndex, shardCount)}{FeaturePack.Extension}";

    /// <summary>A readable copy of a shard's bad images (the pack holds them too), beside its pack.</summary>
    public static string BadImagesPath(string cacheKey, string jobId, int shardIndex, int shardCount) =>
        $"{PacksOf(cacheKey)}{jobId}/{ShardName(shardIndex, shardCount)}.bad.tsv";

    public static string ShardName(int shardIndex, int shardCount) => $"shard-{shardIndex:D5}-of-{shardCount:D5}";
}
