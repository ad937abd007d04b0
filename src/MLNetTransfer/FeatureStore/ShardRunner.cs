using System.Diagnostics;
using System.Text;
using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.FeatureStore;

/// <summary>
/// Runs the shards of one <see cref="ShardJob"/> on this machine, each into its pack in the store. Safe to run again and
/// from many machines at once: a shard whose intact pack is there is not redone; a damaged pack is redone; two workers
/// on the same shard write the same bytes, and the atomic write lets either win. The backbone, the listing and the
/// ONNX Runtime session are made once per runner and shared by the shards it runs.
/// </summary>
public sealed class ShardRunner : IDisposable
{
    private readonly ShardJob _job;
    private readonly IFeatureStoreStorage _storage;
    private readonly Lazy<ShardPlan> _plan;
    private readonly object _gate = new();
    private ResolvedBackbone? _backbone;
    private string? _cacheKey;
    private BottleneckFeaturizer? _featurizer;

    public ShardRunner(ShardJob job, IFeatureStoreStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Validate();
        _job = job;
        _storage = storage ?? new FileSystemFeatureStoreStorage(job.Store);
        _plan = new Lazy<ShardPlan>(() => ShardPlan.Enumerate(job));
    }

    public ShardJob Job => _job;

    /// <summary>The job's shards and their images (listed on first use).</summary>
    public ShardPlan Plan => _plan.Value;

    /// <summary>Progress of the shard being computed, after every image.</summary>
    public IProgress<FeaturizeProgress>? Progress { get; init; }

    /// <summary>Runs one shard of <paramref name="job"/> with a runner of its own.</summary>
    public static async Task<ShardResult> RunOnceAsync(ShardJob job, int shardIndex, CancellationToken cancellationToken = default)
    {
        using var runner = new ShardRunner(job);
        return await runner.RunAsync(shardIndex, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Computes the shard's pack unless an intact one is there; returns what the pack holds.</summary>
    public Task<ShardResult> RunAsync(int shardIndex, CancellationToken cancellationToken = default)
    {
        _job.ValidateShard(shardIndex);
        return Task.Run(() => Run(shardIndex, cancellationToken), cancellationToken);
    }

    /// <summary>The finished shard's result when its intact pack is in the store; null when it still has to run.</summary>
    public ShardResult? TryGetCompleted(int shardIndex, CancellationToken cancellationToken = default)
    {
        _job.ValidateShard(shardIndex);
        var key = CacheKey(cancellationToken);
        var path = FeatureStoreLayout.PackPath(key, Plan.JobId, shardIndex, _job.ShardCount);
        return ReadFinished(path, key, shardIndex, out _) is { } done ? done with { AlreadyComplete = true } : null;
    }

    private ShardResult Run(int shardIndex, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var key = CacheKey(cancellationToken);
        var plan = Plan;
        var path = FeatureStoreLayout.PackPath(key, plan.JobId, shardIndex, _job.ShardCount);
        if (ReadFinished(path, key, shardIndex, out var redone) is { } finished)
            return finished with { AlreadyComplete = true, Elapsed = clock.Elapsed };

        var shard = plan.Shards[shardIndex];
        var inputs = shard.Images.Select((image, i) => new ImageInput(i, image.Name, Path: image.Path));
        var result = Featurizer(cancellationToken).Featurize(inputs, Progress, cancellationToken);
        var pack = FeaturePack.From(result, key, plan.JobId, shardIndex, _job.ShardCount, shard.Images.Count);
        var bytes = pack.ToBytes();

        // The readable list first, the pack last: a pack in place means its shard is wholly done.
        var badPath = FeatureStoreLayout.BadImagesPath(key, plan.JobId, shardIndex, _job.ShardCount);
        if (pack.BadImages.Count > 0)
            _storage.WriteAtomically(badPath, BadImagesText(pack.BadImages));
        else
            _storage.Delete(badPath);
        _storage.WriteAtomically(path, bytes);
        return Result(pack, path, ContentHash.Of(bytes)) with { Redone = redone, Elapsed = clock.Elapsed };
    }

    /// <summary>
    /// The intact pack of this shard and job, or null (saying why a pack that is there cannot count in <paramref name="redone"/>).
    /// A damaged pack stays until the new one replaces it: lookups skip it meanwhile, and a query deletes nothing.
    /// </summary>
    private ShardResult? ReadFinished(string path, string key, int shardIndex, out string? redone)
    {
        redone = null;
        if (!_storage.Exists(path))
            return null;
        var pack = FeaturePack.TryRead(_storage, path, out var bytes, out var problem);
        if (pack is null && !_storage.Exists(path))
            return null;
        if (pack is not null && (pack.CacheKey != key || pack.JobId != Plan.JobId || pack.ShardIndex != shardIndex || pack.ShardCount != _job.ShardCount))
            (pack, problem) = (null, "its header names another backbone, job or shard");
        if (pack is null)
        {
            redone = $"the pack '{_storage.Describe(path)}' was unusable: {problem}";
            return null;
        }
        return Result(pack, path, ContentHash.Of(bytes));
    }

    private static ShardResult Result(FeaturePack pack, string path, string packHash) => new()
    {
        JobId = pack.JobId,
        ShardIndex = pack.ShardIndex,
        ShardCount = pack.ShardCount,
        Images = pack.ImageCount,
        FeaturesWritten = pack.Hashes.Count,
        BadImages = pack.BadImages,
        PackPath = path,
        PackHash = packHash,
    };

    private static byte[] BadImagesText(IEnumerable<SkippedImage> bad)
    {
        static string Field(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        var text = new StringBuilder("file\treason\n");
        foreach (var image in bad)
            text.Append(Field(image.Name)).Append('\t').Append(Field(image.Reason)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The cache key of the job's backbone and preprocessing, without building the ONNX session.</summary>
    private string CacheKey(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cacheKey is null)
            {
                _backbone = ShardBackbone.Resolve(_job, cancellationToken);
                _cacheKey = BottleneckCacheKey.Of(_backbone, new ImagePreprocessing(new MLContext(seed: 0), _backbone.Spec));
            }
            return _cacheKey;
        }
    }

    private BottleneckFeaturizer Featurizer(CancellationToken cancellationToken)
    {
        CacheKey(cancellationToken);
        lock (_gate)
        {
            // Every feature is computed: a worker reading other packs to skip work would need the whole store in memory.
            return _featurizer ??= new BottleneckFeaturizer(new MLContext(seed: 0), _backbone!, new FeaturizerOptions
            {
                UseCache = false,
                DecodeThreads = _job.Threads,
                OnnxThreads = _job.Threads,
            });
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _featurizer?.Dispose();
            _featurizer = null;
        }
    }
}
