using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Cluster.Hosting;
using MLNetTransfer.Cluster.Jobs;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Cli.Commands.Featurize;

/// <summary>
/// <c>featurize ... --cluster CONNECTION</c>: the job goes to the cluster's workers as shards and this process only
/// follows it. The same command again re-attaches to the same job.
/// </summary>
internal static class ClusterFeaturize
{
    public static int Run(Ui ui, ShardJob job, string connection, string clusterId, ShardJobPolicy policy) =>
        Run(ui, "Featurize", job.ToJson(), job.ShardCount, job.Store, connection, clusterId, policy);

    /// <summary>Submits any job definition (featurize or predict) and follows it to its end.</summary>
    public static int Run(Ui ui, string what, string definition, int shardCount, string store, string connection, string clusterId, ShardJobPolicy policy)
    {
        var jobId = ShardJobId.For(definition, shardCount);
        ui.Line($"{what} on cluster '{clusterId}' ({PostgresSchema.Describe(connection)}): job {jobId}, {shardCount} shards, store {store}");
        ShardJobProgress? last = null;
        ShardJobProgress final;
        try
        {
            final = ClusterJobClient.RunAsync(connection, clusterId, definition, shardCount, policy, p =>
            {
                if (last is null || p.ShardsDone != last.ShardsDone || p.Releases != last.Releases || p.FailedAttempts != last.FailedAttempts
                    || p.SlowShardReruns != last.SlowShardReruns)
                    ui.Line(Describe(p));
                last = p;
            }, ui.Cancellation).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ClusterDatabaseException or ClusterUnreachableException)
        {
            throw new BadInputException(e.Message, e);
        }

        if (final.FailureReason is { } reason)
        {
            ui.Fail($"job {jobId} failed: {reason}");
            return ExitCodes.Internal;
        }
        ui.Line($"Job {jobId} complete: {final.ShardCount} shards, {final.Images} images ({final.BadImages} bad), " +
                $"{Format.Duration(final.Elapsed)}; {final.Releases} shard(s) re-leased, {final.SlowShardReruns} slow shard(s) run twice, " +
                $"{final.RejectedCompletions} late completion(s) rejected, {final.FailedAttempts} failed attempt(s)");
        return ExitCodes.Success;
    }

    private static string Describe(ShardJobProgress p)
    {
        var seconds = p.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? p.Images / seconds : 0;
        var eta = p.ShardsDone > 0 && p.ShardsDone < p.ShardCount
            ? ", ETA " + Format.Duration(TimeSpan.FromSeconds(seconds / p.ShardsDone * (p.ShardCount - p.ShardsDone)))
            : "";
        return $"shards {p.ShardsDone}/{p.ShardCount} done, {p.ShardsLeased} running, {p.Images} images, " +
               $"{Format.Number(rate, 1)} images/s{eta}; failures {p.FailedAttempts}, re-leased {p.Releases}";
    }
}
