namespace MLNetTransfer.Cluster.Jobs;

/// <summary>Names the grains and the hosts agree on.</summary>
internal static class ClusterStorageNames
{
    /// <summary>The grain storage provider of job and board state.</summary>
    public const string Jobs = "mlnet-jobs";
}
