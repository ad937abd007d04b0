namespace MLNetTransfer.Cluster.Jobs;

/// <summary>A shard handed to a worker: the job's definition travels with it, the images and features never do.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardLeaseGrant")]
public sealed record ShardLeaseGrant(
    [property: Id(0)] string JobId,
    [property: Id(1)] string LeaseId,
    [property: Id(2)] int Shard,
    [property: Id(3)] int ShardCount,
    [property: Id(4)] string Definition,
    [property: Id(5)] TimeSpan LeaseTimeout);

/// <summary>What a worker reports for a finished shard.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardReport")]
public sealed record ShardReport(
    [property: Id(0)] int Images,
    [property: Id(1)] int BadImages,
    [property: Id(2)] double Seconds);

/// <summary>What the job grain made of a completion.</summary>
public enum CompletionVerdict
{
    /// <summary>The shard is done with this pack.</summary>
    Accepted,

    /// <summary>Another lease finished the shard first (a slow shard run twice); the packs are identical.</summary>
    AlreadyDone,

    /// <summary>The lease was given up (it was not renewed in time) or is unknown: the completion is not counted.</summary>
    Rejected,
}

/// <summary>Where a job stands, as the submitting client prints it.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardJobProgress")]
public sealed record ShardJobProgress(
    [property: Id(0)] string JobId,
    [property: Id(1)] int ShardCount,
    [property: Id(2)] int ShardsDone,
    [property: Id(3)] int ShardsLeased,
    [property: Id(4)] long Images,
    [property: Id(5)] long BadImages,
    [property: Id(6)] int FailedAttempts,
    [property: Id(7)] int Releases,
    [property: Id(8)] int SlowShardReruns,
    [property: Id(9)] int RejectedCompletions,
    [property: Id(10)] TimeSpan Elapsed,
    [property: Id(11)] string? FailureReason)
{
    public bool IsComplete => ShardCount > 0 && ShardsDone == ShardCount;

    public bool IsFailed => FailureReason is not null;
}
