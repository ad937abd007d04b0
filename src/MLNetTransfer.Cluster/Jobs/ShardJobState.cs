namespace MLNetTransfer.Cluster.Jobs;

/// <summary>Where one shard stands in its job.</summary>
public enum ShardStatus
{
    Pending,
    Leased,
    Done,
    Failed,
}

/// <summary>One lease a worker holds on a shard; a shard holds two only while a slow one is run again elsewhere.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardLeaseRecord")]
public sealed class ShardLeaseRecord
{
    [Id(0)] public string LeaseId { get; set; } = "";
    [Id(1)] public string Worker { get; set; } = "";
    [Id(2)] public DateTime GrantedUtc { get; set; }
    [Id(3)] public DateTime RenewedUtc { get; set; }
}

/// <summary>The durable record of one shard: only ids and counts, never pixels or features.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardRecord")]
public sealed class ShardRecord
{
    [Id(0)] public int Shard { get; set; }
    [Id(1)] public ShardStatus Status { get; set; }
    [Id(2)] public int Failures { get; set; }
    [Id(3)] public List<ShardLeaseRecord> Leases { get; set; } = [];
    [Id(4)] public int Images { get; set; }
    [Id(5)] public int BadImages { get; set; }
    [Id(6)] public double Seconds { get; set; }
    [Id(7)] public string? LastError { get; set; }
    [Id(8)] public string? CompletedBy { get; set; }
}

/// <summary>How a job leases its shards.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardJobPolicy")]
public sealed class ShardJobPolicy
{
    /// <summary>A lease not renewed for this long is given up and its shard leased again.</summary>
    [Id(0)] public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Failures of one shard after which the whole job fails with the last reason.</summary>
    [Id(1)] public int MaxAttempts { get; set; } = 3;

    /// <summary>Once nothing is left to lease, a shard running this many times the median shard time is also leased to an idle worker.</summary>
    [Id(2)] public double SlowShardFactor { get; set; } = 3;

    /// <summary>Finished shards needed before the median is trusted for the slow-shard rule.</summary>
    [Id(3)] public int MinFinishedForMedian { get; set; } = 3;
}

/// <summary>The durable state of a job grain.</summary>
[GenerateSerializer, Alias("MLNetTransfer.ShardJobState")]
public sealed class ShardJobState
{
    /// <summary>The job's definition as the shard runner reads it (JSON): the same text always gives the same job id.</summary>
    [Id(0)] public string Definition { get; set; } = "";
    [Id(1)] public int ShardCount { get; set; }
    [Id(2)] public ShardJobPolicy Policy { get; set; } = new();
    [Id(3)] public List<ShardRecord> Shards { get; set; } = [];
    [Id(4)] public string? FailureReason { get; set; }
    [Id(5)] public int Releases { get; set; }
    [Id(6)] public int SlowShardReruns { get; set; }
    [Id(7)] public int RejectedCompletions { get; set; }
    [Id(8)] public long LeaseSequence { get; set; }
    [Id(9)] public DateTime StartedUtc { get; set; }
    [Id(10)] public DateTime? FinishedUtc { get; set; }
    [Id(11)] public int FailedAttempts { get; set; }

    public bool IsSubmitted => ShardCount > 0;
}
