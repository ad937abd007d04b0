using System.Text;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Prediction.Batch;

/// <summary>
/// Scores the shards of one <see cref="BatchPredictionJob"/> on this machine, each into its result file in the store
/// (written atomically, so a file in place is a finished shard and is not scored again). The model and the listing are
/// loaded once per runner and shared by the shards it runs.
/// </summary>
internal sealed class BatchPredictionRunner
{
    public const string PredictionsFolder = "predictions";

    private readonly IFeatureStoreStorage _storage;
    private readonly Lazy<ShardPlan> _plan;
    private readonly Lazy<ImageClassifierPool> _pool;

    public BatchPredictionRunner(BatchPredictionJob job, IFeatureStoreStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Validate();
        Job = job;
        _storage = storage ?? new FileSystemFeatureStoreStorage(job.Store);
        _plan = new Lazy<ShardPlan>(() => ShardPlan.Enumerate(job.DataRoot, job.ListFile, job.ShardCount));
        _pool = new Lazy<ImageClassifierPool>(LoadModel);
    }

    public BatchPredictionJob Job { get; }

    public ShardPlan Plan => _plan.Value;

    /// <summary>The job's folder in the store: the images' plan and the model's hash both name it.</summary>
    public string JobFolder => $"{PredictionsFolder}/{Plan.JobId}-{Job.ModelHash[..16]}/";

    public string ResultPath(int shardIndex) => $"{JobFolder}{FeatureStoreLayout.ShardName(shardIndex, Job.ShardCount)}.csv";

    public bool IsComplete(int shardIndex)
    {
        Job.ValidateShard(shardIndex);
        return _storage.Exists(ResultPath(shardIndex));
    }

    /// <summary>Scores the shard unless its result file is there; returns the number of images and of bad ones.</summary>
    public Task<BatchPredictionShard> RunAsync(int shardIndex, CancellationToken cancellationToken = default)
    {
        Job.ValidateShard(shardIndex);
        return Task.Run(() => Run(shardIndex, cancellationToken), cancellationToken);
    }

    /// <summary>Every shard's rows in shard order under one header; every shard must be finished.</summary>
    public string Concatenate()
    {
        var shards = Enumerable.Range(0, Job.ShardCount).Select(k =>
        {
            var path = ResultPath(k);
            if (!_storage.Exists(path))
                throw new InvalidOperationException($"Shard {k} of the prediction job has no result '{_storage.Describe(path)}' yet.");
            using var reader = new StreamReader(_storage.OpenRead(path), Encoding.UTF8);
            return (_storage.Describe(path), reader.ReadToEnd());
        });
        return PredictionRows.Concatenate(shards);
    }

    private BatchPredictionShard Run(int shardIndex, CancellationToken cancellationToken)
    {
        var path = ResultPath(shardIndex);
        var images = Plan.Shards[shardIndex].Images;
        if (_storage.Exists(path))
            return new BatchPredictionShard(shardIndex, images.Count, CountBad(path), AlreadyComplete: true);

        var pool = _pool.Value;
        var csv = new StringBuilder(PredictionRows.Header(pool.Classes));
        var bad = 0;
        foreach (var image in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                PredictionRows.AppendScored(csv, image.Name, pool.PredictFile(image.Path));
            }
            catch (ImagePredictionException e)
            {
                bad++;
                PredictionRows.AppendFailed(csv, image.Name, e.Reason, pool.Classes.Count);
            }
        }
        _storage.WriteAtomically(path, Encoding.UTF8.GetBytes(csv.ToString()));
        return new BatchPredictionShard(shardIndex, images.Count, bad, AlreadyComplete: false);
    }

    private int CountBad(string path)
    {
        using var reader = new StreamReader(_storage.OpenRead(path), Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A scored row ends in an empty error field.
        return lines.Skip(1).Count(l => !l.EndsWith(','));
    }

    private ImageClassifierPool LoadModel()
    {
        if (!File.Exists(Job.ModelPath))
            throw new FileNotFoundException($"The prediction job's model '{Job.ModelPath}' does not exist on this machine.", Job.ModelPath);
        var hash = BatchPredictionJob.HashOf(Job.ModelPath);
        if (hash != Job.ModelHash)
            throw new InvalidDataException($"The model '{Job.ModelPath}' changed since the job was made (sha256 {hash[..16]}, the job names {Job.ModelHash[..16]}).");
        return ImageClassifierPool.Load(Job.ModelPath);
    }
}

/// <summary>What one prediction shard covered.</summary>
internal sealed record BatchPredictionShard(int ShardIndex, int Images, int BadImages, bool AlreadyComplete);
