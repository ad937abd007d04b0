using Microsoft.Extensions.Logging;

namespace MLNetTransfer.Cluster.Jobs;

/// <summary>
/// Leases a job's shards to workers. Its state is written through to durable storage on every change, so a silo that
/// dies takes nothing with it: the grain comes back elsewhere on the next call or on its reminder, and leases that the
/// dead silo's workers held simply expire. A timer expires leases while the grain is active.
/// </summary>
internal sealed class ShardJobGrain(
    [PersistentState("job", ClusterStorageNames.Jobs)] IPersistentState<ShardJobState> state,
    ILogger<ShardJobGrain> log) : Grain, IShardJobGrain, IRemindable
{
    private const string ReminderName = "expire-leases";
    private ShardLeaseBook Book => new(state.State);
    private string JobId => this.GetPrimaryKeyString();
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.IsSubmitted && !Book.IsFinished)
            StartTimer();
        return Task.CompletedTask;
    }

    public async Task<ShardJobProgress> Submit(string definition, int shardCount, ShardJobPolicy policy)
    {
        if (Book.Submit(definition, shardCount, policy, DateTime.UtcNow))
        {
            await state.WriteStateAsync();
            // The reminder brings the grain back after its silo died even when no worker calls it.
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartTimer();
            log.LogInformation("Job {JobId} submitted: {Shards} shards", JobId, shardCount);
        }
        if (!Book.IsFinished)
            await GrainFactory.GetGrain<IJobBoardGrain>(0).Add(JobId);
        return Book.Progress(JobId, DateTime.UtcNow);
    }

    public async Task<ShardLeaseGrant?> Lease(string worker)
    {
        if (!state.State.IsSubmitted)
            return null;
        var releasesBefore = state.State.Releases;
        var grant = Book.Lease(JobId, worker, DateTime.UtcNow);
        if (state.State.Releases != releasesBefore)
            log.LogWarning("Job {JobId}: {Count} lease(s) expired; their shards are leased again", JobId, state.State.Releases - releasesBefore);
        if (grant is not null || state.State.Releases != releasesBefore)
            await state.WriteStateAsync();
        if (grant is null && Book.IsFinished)
            await FinishAsync();
        return grant;
    }

    public async Task<bool> Renew(string leaseId)
    {
        var alive = Book.Renew(leaseId, DateTime.UtcNow);
        // Renewals are not written: after a crash a lease is at worst given up a timeout early.
        if (!alive)
            await state.WriteStateAsync();
        return alive;
    }

    public async Task<CompletionVerdict> Complete(string leaseId, ShardReport report)
    {
        var verdict = Book.Complete(leaseId, report, DateTime.UtcNow);
        if (verdict == CompletionVerdict.Rejected)
            log.LogWarning("Job {JobId}: completion from given-up lease {LeaseId} rejected", JobId, leaseId);
        await state.WriteStateAsync();
        if (Book.IsFinished)
            await FinishAsync();
        return verdict;
    }

    public async Task Fail(string leaseId, string reason)
    {
        if (!Book.Fail(leaseId, reason, DateTime.UtcNow))
            return;
        log.LogWarning("Job {JobId}: lease {LeaseId} failed: {Reason}", JobId, leaseId, reason);
        await state.WriteStateAsync();
        if (Book.IsFinished)
            await FinishAsync();
    }

    public Task<ShardJobProgress> GetProgress() => Task.FromResult(Book.Progress(JobId, DateTime.UtcNow));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Book.IsFinished)
        {
            await FinishAsync();
            return;
        }
        StartTimer();
        if (Book.ExpireLeases(DateTime.UtcNow))
            await state.WriteStateAsync();
    }

    private void StartTimer()
    {
        if (_timer is not null)
            return;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, state.State.Policy.LeaseTimeout.Ticks / 2));
        _timer = this.RegisterGrainTimer(async _ =>
        {
            if (Book.ExpireLeases(DateTime.UtcNow))
            {
                log.LogWarning("Job {JobId}: leases expired; their shards are leased again", JobId);
                await state.WriteStateAsync();
            }
        }, new GrainTimerCreationOptions(period, period) { Interleave = false, KeepAlive = true });
    }

    private async Task FinishAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await GrainFactory.GetGrain<IJobBoardGrain>(0).Remove(JobId);
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }
}
