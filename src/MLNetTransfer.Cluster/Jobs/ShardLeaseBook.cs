namespace MLNetTransfer.Cluster.Jobs;

/// <summary>
/// The leasing rules of a job, on its durable state and with the time given by the caller, so that the grain only
/// stores and the rules can be tested without a cluster. Every method changes the state in place and says whether it
/// did, so the grain writes the state only when something changed.
/// </summary>
internal sealed class ShardLeaseBook(ShardJobState state)
{
    public ShardJobState State { get; } = state;

    /// <summary>Starts the job; submitting the same definition again changes nothing (the client re-attaches).</summary>
    public bool Submit(string definition, int shardCount, ShardJobPolicy policy, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        if (State.IsSubmitted)
        {
            if (State.Definition != definition || State.ShardCount != shardCount)
                throw new InvalidOperationException("A different job is already stored under this job id.");
            return false;
        }

        State.Definition = definition;
        State.ShardCount = shardCount;
        State.Policy = policy;
        State.StartedUtc = now;
        State.Shards = Enumerable.Range(0, shardCount).Select(k => new ShardRecord { Shard = k }).ToList();
        return true;
    }

    public bool IsFinished => State.FailureReason is not null || State.Shards.All(s => s.Status == ShardStatus.Done);

    /// <summary>Gives up the leases not renewed within the timeout: their shards go back to the queue.</summary>
    public bool ExpireLeases(DateTime now)
    {
        var changed = false;
        foreach (var shard in State.Shards.Where(s => s.Status == ShardStatus.Leased))
        {
            var expired = shard.Leases.RemoveAll(l => now - l.RenewedUtc > State.Policy.LeaseTimeout);
            if (expired == 0)
                continue;
            changed = true;
            if (shard.Leases.Count == 0)
            {
                shard.Status = ShardStatus.Pending;
                State.Releases++;
            }
        }
        return changed;
    }

    /// <summary>The next shard for an idle worker: a pending one, else a copy of a shard running far past the median.</summary>
    public ShardLeaseGrant? Lease(string jobId, string worker, DateTime now)
    {
        ExpireLeases(now);
        if (IsFinished)
            return null;

        var shard = State.Shards.FirstOrDefault(s => s.Status == ShardStatus.Pending) ?? SlowShardFor(worker, now);
        if (shard is null)
            return null;

        if (shard.Status == ShardStatus.Leased)
            State.SlowShardReruns++;
        shard.Status = ShardStatus.Leased;
        var lease = new ShardLeaseRecord
        {
            LeaseId = $"{shard.Shard}:{++State.LeaseSequence}",
            Worker = worker,
            GrantedUtc = now,
            RenewedUtc = now,
        };
        shard.Leases.Add(lease);
        return new ShardLeaseGrant(jobId, lease.LeaseId, shard.Shard, State.ShardCount, State.Definition, State.Policy.LeaseTimeout);
    }

    /// <summary>Keeps a lease alive; false when it was given up, so the worker stops working on it.</summary>
    public bool Renew(string leaseId, DateTime now)
    {
        ExpireLeases(now);
        var lease = FindLease(leaseId, out _);
        if (lease is null)
            return false;
        lease.RenewedUtc = now;
        return true;
    }

    public CompletionVerdict Complete(string leaseId, ShardReport report, DateTime now)
    {
        ExpireLeases(now);
        var lease = FindLease(leaseId, out var shard);
        if (lease is null)
        {
            var done = ShardOf(leaseId) is { Status: ShardStatus.Done };
            if (!done)
                State.RejectedCompletions++;
            return done ? CompletionVerdict.AlreadyDone : CompletionVerdict.Rejected;
        }

        shard!.Status = ShardStatus.Done;
        shard.Images = report.Images;
        shard.BadImages = report.BadImages;
        shard.Seconds = report.Seconds;
        shard.CompletedBy = lease.Worker;
        // A second copy of a slow shard still running loses its lease: its next renewal tells it to stop.
        shard.Leases.Clear();
        if (IsFinished)
            State.FinishedUtc = now;
        return CompletionVerdict.Accepted;
    }

    /// <summary>Records a failed attempt; past the bound the job fails loudly with the shard's reason.</summary>
    public bool Fail(string leaseId, string reason, DateTime now)
    {
        var lease = FindLease(leaseId, out var shard);
        if (lease is null)
            return false;

        shard!.Leases.Remove(lease);
        shard.Failures++;
        shard.LastError = reason;
        State.FailedAttempts++;
        if (shard.Leases.Count == 0)
            shard.Status = ShardStatus.Pending;
        if (shard.Failures >= State.Policy.MaxAttempts)
        {
            shard.Status = ShardStatus.Failed;
            State.FailureReason = $"shard {shard.Shard} of {State.ShardCount} failed {shard.Failures} times; last error: {reason}";
            State.FinishedUtc = now;
        }
        return true;
    }

    public ShardJobProgress Progress(string jobId, DateTime now) => new(
        jobId,
        State.ShardCount,
        State.Shards.Count(s => s.Status == ShardStatus.Done),
        State.Shards.Count(s => s.Status == ShardStatus.Leased),
        State.Shards.Sum(s => (long)s.Images),
        State.Shards.Sum(s => (long)s.BadImages),
        State.FailedAttempts,
        State.Releases,
        State.SlowShardReruns,
        State.RejectedCompletions,
        (State.FinishedUtc ?? now) - State.StartedUtc,
        State.FailureReason);

    private ShardRecord? SlowShardFor(string worker, DateTime now)
    {
        var finished = State.Shards.Where(s => s.Status == ShardStatus.Done).Select(s => s.Seconds).Order().ToArray();
        if (finished.Length < State.Policy.MinFinishedForMedian)
            return null;
        var limit = TimeSpan.FromSeconds(finished[finished.Length / 2] * State.Policy.SlowShardFactor);
        return State.Shards
            .Where(s => s.Status == ShardStatus.Leased && s.Leases.Count == 1 && s.Leases[0].Worker != worker)
            .Where(s => now - s.Leases[0].GrantedUtc > limit)
            .OrderBy(s => s.Leases[0].GrantedUtc)
            .FirstOrDefault();
    }

    private ShardLeaseRecord? FindLease(string leaseId, out ShardRecord? shard)
    {
        shard = ShardOf(leaseId);
        return shard?.Leases.FirstOrDefault(l => l.LeaseId == leaseId);
    }

    private ShardRecord? ShardOf(string leaseId)
    {
        var colon = leaseId.IndexOf(':');
        return colon > 0 && int.TryParse(leaseId.AsSpan(0, colon), out var k) && k >= 0 && k < State.Shards.Count ? State.Shards[k] : null;
    }
}
