namespace MLNetTransfer.Cluster.Workers;

/// <summary>How a worker process looks for work.</summary>
internal sealed class ShardWorkerOptions
{
    /// <summary>The worker's name in leases and logs; unique per process.</summary>
    public string WorkerName { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How long an idle worker waits before asking the open jobs for work again.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(1);
}
