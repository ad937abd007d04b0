using MLNetTransfer.Cluster.Jobs;

namespace MLNetTransfer.Cluster.Workers;

/// <summary>Runs one leased shard on this machine, writing its pack into the shared store.</summary>
internal interface IShardExecutor
{
    Task<ShardReport> RunAsync(ShardLeaseGrant grant, CancellationToken cancellation);
}
