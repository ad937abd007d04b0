using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNetTransfer.Cluster.Jobs;

namespace MLNetTransfer.Cluster.Workers;

/// <summary>
/// The pull loop of a worker process: asks the open jobs for a lease, runs the shard while renewing the lease, and
/// reports the counts. A lease the job gave up on cancels the run; the pack on disk is written atomically, so a run cut
/// short leaves nothing half-written behind.
/// </summary>
internal sealed class ShardWorker(IGrainFactory grains, IShardExecutor executor, ShardWorkerOptions options, ILogger<ShardWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var grant = await NextLeaseAsync();
                if (grant is null)
                    await Task.Delay(options.IdlePoll, stoppingToken);
                else
                    await RunLeaseAsync(grant, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A cluster call that failed (a silo just died, the grain is moving): wait and ask again.
                log.LogWarning("Worker {Worker}: {Message}", options.WorkerName, ex.Message);
                await Task.Delay(options.IdlePoll, stoppingToken);
            }
        }
    }

    private async Task<ShardLeaseGrant?> NextLeaseAsync()
    {
        foreach (var jobId in await grains.GetGrain<IJobBoardGrain>(0).OpenJobs())
        {
            var grant = await grains.GetGrain<IShardJobGrain>(jobId).Lease(options.WorkerName);
            if (grant is not null)
                return grant;
        }
        return null;
    }

    private async Task RunLeaseAsync(ShardLeaseGrant grant, CancellationToken stoppingToken)
    {
        var job = grains.GetGrain<IShardJobGrain>(grant.JobId);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = RenewUntilStoppedAsync(job, grant, leaseLost, heartbeatStop.Token);
        var clock = Stopwatch.StartNew();
        log.LogInformation("Worker {Worker}: shard {Shard}/{Count} of {JobId} (lease {LeaseId})",
            options.WorkerName, grant.Shard, grant.ShardCount, grant.JobId, grant.LeaseId);
        try
        {
            var report = await executor.RunAsync(grant, leaseLost.Token);
            await heartbeatStop.CancelAsync();
            await heartbeat;
            var verdict = await job.Complete(grant.LeaseId, report with { Seconds = clock.Elapsed.TotalSeconds });
            log.LogInformation("Worker {Worker}: shard {Shard} {Verdict} ({Images} images in {Seconds:F1} s)",
                options.WorkerName, grant.Shard, verdict, report.Images, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            log.LogWarning("Worker {Worker}: lease {LeaseId} was given up by the job; shard {Shard} abandoned",
                options.WorkerName, grant.LeaseId, grant.Shard);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            await heartbeatStop.CancelAsync();
            log.LogError("Worker {Worker}: shard {Shard} failed: {Message}", options.WorkerName, grant.Shard, ex.Message);
            await job.Fail(grant.LeaseId, ex.Message);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task RenewUntilStoppedAsync(IShardJobGrain job, ShardLeaseGrant grant, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        var period = grant.LeaseTimeout / 3;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(period, stop);
                bool alive;
                try
                {
                    alive = await job.Renew(grant.LeaseId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The job grain is moving to another silo: keep working, renew on the next beat.
                    log.LogWarning("Worker {Worker}: renewing lease {LeaseId} failed: {Message}", options.WorkerName, grant.LeaseId, ex.Message);
                    continue;
                }
                if (!alive)
                {
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
