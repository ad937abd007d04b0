using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNetTransfer.Cluster.Jobs;

namespace MLNetTransfer.Cluster.Hosting;

/// <summary>
/// Submits a job to the cluster as a client (or re-attaches to it: the id comes from the definition) and follows its
/// progress until it is complete or failed. It never computes anything itself.
/// </summary>
internal static class ClusterJobClient
{
    public static async Task<ShardJobProgress> RunAsync(string connection, string clusterId, string definition, int shardCount,
        ShardJobPolicy policy, Action<ShardJobProgress> report, CancellationToken cancellation)
    {
        await PostgresSchema.EnsureAsync(connection, cancellation);
        var cluster = new PostgresCluster(connection, clusterId);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(cluster.ConfigureClient);
        using var host = builder.Build();
        await host.StartAsync(cancellation);
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var job = grains.GetGrain<IShardJobGrain>(ShardJobId.For(definition, shardCount));
            var progress = await SubmitAsync(job, clusterId, definition, shardCount, policy, cancellation);
            report(progress);
            while (!progress.IsComplete && !progress.IsFailed)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                try
                {
                    progress = await job.GetProgress();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The job grain is moving off a silo that died: it comes back from its stored state.
                    continue;
                }
                report(progress);
            }
            return progress;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// How long a submission keeps retrying while the cluster cannot reach the job grain: a silo killed without
    /// leaving stays in the membership table until the others vote it dead (tens of seconds), and messages sent to it
    /// meanwhile fail.
    /// </summary>
    private static readonly TimeSpan SubmitPatience = TimeSpan.FromMinutes(5);

    // Submitting again is safe: the same definition re-attaches to the same job. A refusal from the job grain itself
    // (another job under the same id) is not an Orleans messaging failure and is thrown at once.
    private static async Task<ShardJobProgress> SubmitAsync(IShardJobGrain job, string clusterId, string definition, int shardCount,
        ShardJobPolicy policy, CancellationToken cancellation)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await job.Submit(definition, shardCount, policy);
            }
            catch (Exception e) when (IsMessagingFailure(e))
            {
                if (patience.Elapsed >= SubmitPatience)
                {
                    throw new ClusterUnreachableException($"Cluster '{clusterId}' did not take the job for {SubmitPatience.TotalMinutes:0} minutes " +
                        $"({e.Message}). Start workers with 'mlnet-transfer worker --cluster ... --cluster-id {clusterId}' and run the same command again: it re-attaches to the job.", e);
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
        }
    }

    internal static bool IsMessagingFailure(Exception e) =>
        e is Orleans.Runtime.OrleansException or TimeoutException or Orleans.Runtime.Messaging.ConnectionFailedException;
}
