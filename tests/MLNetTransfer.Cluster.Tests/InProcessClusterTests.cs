using MLNetTransfer.Cluster.Jobs;
using MLNetTransfer.Cluster.Tests.Support;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Cluster.Tests;

/// <summary>Three silos in this process featurize real photos with the real backbone; one silo is killed mid-run.</summary>
public class InProcessClusterTests
{
    [SharedFact]
    public async Task Three_silos_featurize_real_photos_one_is_killed_and_the_packs_equal_a_one_process_run()
    {
        using var temp = new TempDir("mlnt-cluster");
        var job = new ShardJob
        {
            DataRoot = SharedData.FlowersVal,
            BackbonePath = SharedData.MobileNetV1,
            Store = temp.Combine("cluster-store"),
            ShardCount = 8,
            Threads = 1,
        };

        var cluster = await FileStateWorkerSilo.DeployAsync(3, temp.Combine("grain-state"));
        try
        {
            var definition = job.ToJson();
            var jobId = ShardJobId.For(definition, job.ShardCount);
            var grain = cluster.Client.GetGrain<IShardJobGrain>(jobId);
            var policy = new ShardJobPolicy { LeaseTimeout = TimeSpan.FromSeconds(6) };
            await grain.Submit(definition, job.ShardCount, policy);

            await WaitAsync(async () => (await grain.GetProgress()).ShardsDone >= 2, TimeSpan.FromMinutes(10));
            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);

            ShardJobProgress? final = null;
            await WaitAsync(async () => (final = await grain.GetProgress()) is { IsComplete: true } or { IsFailed: true }, TimeSpan.FromMinutes(15));
            final!.FailureReason.Should().BeNull();
            final.ShardsDone.Should().Be(8);

            // Re-attaching to the finished job changes nothing.
            (await grain.Submit(definition, job.ShardCount, policy)).Should().Match<ShardJobProgress>(p => p.IsComplete);
        }
        finally
        {
            await FileStateWorkerSilo.StopAsync(cluster);
        }

        var local = job with { Store = temp.Combine("local-store") };
        using (var runner = new ShardRunner(local))
        {
            for (var k = 0; k < local.ShardCount; k++)
                await runner.RunAsync(k);
        }

        StoreComparison.ShouldHoldEveryImageOnce(job.Store, ShardPlan.Enumerate(job));
        StoreComparison.ShouldEqualByteForByte(job.Store, local.Store);
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            try
            {
                if (await done())
                    return;
            }
            catch (Exception e) when (e is not OperationCanceledException && !timeout.IsCancellationRequested)
            {
                // The job grain is moving off a killed silo: ask again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
        }
    }
}
