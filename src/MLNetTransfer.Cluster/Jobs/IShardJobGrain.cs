namespace MLNetTransfer.Cluster.Jobs;

/// <summary>One featurize (or predict) job across the cluster, keyed by its <see cref="ShardJobId"/>.</summary>
public interface IShardJobGrain : IGrainWithStringKey
{
    Task<ShardJobProgress> Submit(string definition, int shardCount, ShardJobPolicy policy);

    Task<ShardLeaseGrant?> Lease(string worker);

    Task<bool> Renew(string leaseId);

    Task<CompletionVerdict> Complete(string leaseId, ShardReport report);

    Task Fail(string leaseId, string reason);

    Task<ShardJobProgress> GetProgress();
}

/// <summary>The jobs that still have shards to lease: where idle workers look for work.</summary>
public interface IJobBoardGrain : IGrainWithIntegerKey
{
    Task Add(string jobId);

    Task Remove(string jobId);

    Task<string[]> OpenJobs();
}
