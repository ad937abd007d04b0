using System.Collections.Concurrent;
using MLNetTransfer.Cluster.Jobs;
using MLNetTransfer.FeatureStore;
using MLNetTransfer.Prediction.Batch;

namespace MLNetTransfer.Cluster.Workers;

/// <summary>
/// Runs leased shards with the library's <see cref="ShardRunner"/>, one runner per job kept for the next shards of that
/// job (the backbone, the listing and the ONNX Runtime session are made once). The worker's own store folder and thread
/// count replace the submitter's: a shared mount may sit at another path on each machine. A prediction job (its
/// definition says so) runs with a <see cref="BatchPredictionRunner"/> instead, the model loaded once per job.
/// </summary>
internal sealed class ShardRunnerExecutor(string? store, int? threads) : IShardExecutor, IDisposable
{
    private readonly ConcurrentDictionary<string, ShardRunner> _runners = new();
    private readonly ConcurrentDictionary<string, BatchPredictionRunner> _predictions = new();

    public async Task<ShardReport> RunAsync(ShardLeaseGrant grant, CancellationToken cancellation)
    {
        if (BatchPredictionJob.IsPredictionJob(grant.Definition))
        {
            var predictor = _predictions.GetOrAdd(grant.JobId, _ => new BatchPredictionRunner(PredictionJobFor(grant)));
            var shard = await predictor.RunAsync(grant.Shard, cancellation).ConfigureAwait(false);
            return new ShardReport(shard.Images, shard.BadImages, 0);
        }
        var runner = _runners.GetOrAdd(grant.JobId, _ => new ShardRunner(JobFor(grant)));
        var result = await runner.RunAsync(grant.Shard, cancellation).ConfigureAwait(false);
        return new ShardReport(result.Images, result.BadImages.Count, result.Elapsed.TotalSeconds);
    }

    public ShardJob JobFor(ShardLeaseGrant grant)
    {
        var job = ShardJob.FromJson(grant.Definition);
        return job with { Store = store ?? job.Store, Threads = threads ?? job.Threads };
    }

    public BatchPredictionJob PredictionJobFor(ShardLeaseGrant grant)
    {
        var job = BatchPredictionJob.FromJson(grant.Definition);
        return job with { Store = store ?? job.Store };
    }

    public void Dispose()
    {
        foreach (var runner in _runners.Values)
            runner.Dispose();
    }
}
