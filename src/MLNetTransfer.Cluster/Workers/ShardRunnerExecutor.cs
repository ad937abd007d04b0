using System.Collections.Concurrent;
using MLNetTransfer.Cluster.Jobs;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Cluster.Workers;

/// <summary>
/// Runs leased shards with the library's <see cref="ShardRunner"/>, one runner per job kept for the next shards of that
/// job (the backbone, the listing and the ONNX Runtime session are made once). The worker's own store folder and thread
/// count replace the submitter's: a shared mount may sit at another path on each machine.
/// </summary>
internal sealed class ShardRunnerExecutor(string? store, int? threads) : IShardExecutor, IDisposable
{
    private readonly ConcurrentDictionary<string, ShardRunner> _runners = new();

    public async Task<ShardReport> RunAsync(ShardLeaseGrant grant, CancellationToken cancellation)
    {
        var runner = _runners.GetOrAdd(grant.JobId, _ => new ShardRunner(JobFor(grant)));
        var result = await runner.RunAsync(grant.Shard, cancellation).ConfigureAwait(false);
        return new ShardReport(result.Images, result.BadImages.Count, result.Elapsed.TotalSeconds);
    }

    public ShardJob JobFor(ShardLeaseGrant grant)
    {
        var job = ShardJob.FromJson(grant.Definition);
        return job with { Store = store ?? job.Store, Threads = threads ?? job.Threads };
    }

    public void Dispose()
    {
        foreach (var runner in _runners.Values)
            runner.Dispose();
    }
}
