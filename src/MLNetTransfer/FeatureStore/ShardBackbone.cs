using MLNetTransfer.Backbones;

namespace MLNetTransfer.FeatureStore;

/// <summary>A shard job's backbone, resolved on the worker: the local file with its spec sidecar, or the catalog entry (downloaded once).</summary>
internal static class ShardBackbone
{
    public static ResolvedBackbone Resolve(ShardJob job, CancellationToken cancellationToken)
    {
        if (job.BackbonePath is { } path)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new FileNotFoundException($"Backbone file '{full}' does not exist.", full);
            var sidecar = BackboneSpec.SidecarPathFor(full);
            if (!File.Exists(sidecar))
                throw new FileNotFoundException($"Backbone '{full}' has no spec file '{sidecar}'.", sidecar);
            return ResolvedBackbone.Load(full, BackboneSpec.Load(sidecar));
        }

        var name = job.Arch!;
        var entry = BackboneCatalog.Find(name) ?? BackboneCatalog.ForArchitecture(name);
        var options = new BackboneDownloadOptions
        {
            CacheDirectory = job.BackboneCacheDirectory,
            Offline = job.Offline,
            MirrorBaseUrl = job.Mirror is null ? null : new Uri(job.Mirror),
        };
        var downloaded = new BackboneDownloader(options).EnsureAsync(entry, cancellationToken).GetAwaiter().GetResult();
        return ResolvedBackbone.Load(downloaded, entry.Spec, $"catalog:{entry.Name}");
    }
}
