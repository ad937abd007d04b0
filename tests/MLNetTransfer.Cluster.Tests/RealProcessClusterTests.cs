using System.Text.RegularExpressions;
using MLNetTransfer.Cluster.Tests.Support;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Cluster.Tests;

/// <summary>
/// PostgreSQL, three 'worker' processes with one thread each and a short lease timeout, flowers-dev as 16 shards; a
/// worker is killed with SIGKILL in the middle of a shard, and in a second job the worker whose silo holds the job
/// grain. Both jobs complete, their packs equal a one-process run byte for byte, and 'train --store' on the cluster's
/// store gives the model of a local train that featurizes the photos itself.
/// </summary>
[Collection(RealProcessCollection.Name)]
public class RealProcessClusterTests
{
    private const int Shards = 16;
    private static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(25);

    [ClusterFact]
    public async Task Killed_workers_and_a_killed_job_grain_silo_still_give_every_pack_of_a_one_process_run()
    {
        TestPostgres.Connection.Should().NotBeNull(TestPostgres.Problem);
        using var temp = new TempDir("mlnt-workers");
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var data = Path.Combine(SharedData.Root!, "datasets", "flowers-dev");

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(clusterId)).ToList();
        try
        {
            // A worker killed while it runs a shard: its lease expires and the shard goes to another worker.
            var first = temp.Combine("store-worker-killed");
            var run = StartJob(clusterId, data, first);
            var victim = await WaitForBusyWorkerAsync(workers, minimumAccepted: 3, run);
            victim.KillHard();
            workers.Remove(victim);
            workers.Add(StartWorker(clusterId));
            await FinishedShouldBeCompleteAsync(run, expectReleases: true);

            // The silo holding the job grain killed: the grain comes back on another silo from its stored state.
            var (second, holder) = await StartJobAndFindGrainHolderAsync(clusterId, data, temp, workers);
            run = holder.Run;
            holder.Worker.KillHard();
            workers.Remove(holder.Worker);
            await FinishedShouldBeCompleteAsync(run, expectReleases: false);

            var local = new ShardJob { DataRoot = data, BackbonePath = SharedData.MobileNetV1, Store = temp.Combine("store-local"), ShardCount = Shards, Threads = 1 };
            using (var runner = new ShardRunner(local))
            {
                for (var k = 0; k < Shards; k++)
                    await runner.RunAsync(k);
            }
            var plan = ShardPlan.Enumerate(local);
            plan.ImageCount.Should().Be(800);
            foreach (var store in new[] { first, second })
            {
                StoreComparison.ShouldHoldEveryImageOnce(store, plan);
                StoreComparison.ShouldEqualByteForByte(store, local.Store);
            }

            await TrainFromStoreShouldGiveTheLocalModelAsync(temp, second);
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }
    }

    /// <summary>
    /// model.onnx is the backbone followed by the trained head, with no time or path in it; the backbone is the same
    /// file in both runs, so equal bytes mean equal head weights. The head is trained by SGD on the features, so a
    /// single feature of the store that differed from the one computed locally would change the weights, and the bytes.
    /// </summary>
    private static async Task TrainFromStoreShouldGiveTheLocalModelAsync(TempDir temp, string store)
    {
        string[] common = ["train", "--data", SharedData.FlowersTrain, "--validation", SharedData.FlowersVal, "--backbone", SharedData.MobileNetV1,
            "--epochs", "10", "--seed", "7", "--threads", "2"];
        var fromStore = temp.Combine("model-from-store");
        var local = temp.Combine("model-local");
        using (var train = new CliProcess([.. common, "--store", store, "--output", fromStore]))
            (await train.WaitAsync(JobLimit)).Should().Be(0, train.Output);
        // No store and no cache: this run computes every feature itself.
        using (var train = new CliProcess([.. common, "--no-cache", "--output", local]))
            (await train.WaitAsync(JobLimit)).Should().Be(0, train.Output);

        BottlenecksComputed(fromStore).Should().Be(0, "train --store reads every feature from the store");
        BottlenecksComputed(local).Should().Be(800);
        File.ReadAllBytes(Path.Combine(fromStore, "model.onnx")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(local, "model.onnx")))
            .Should().BeTrue("the head trained on the cluster's features must be the head of a local run");
    }

    private static int BottlenecksComputed(string modelFolder)
    {
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(modelFolder, "metrics.json")));
        return metrics.RootElement.GetProperty("bottlenecksComputed").GetInt32();
    }

    private static CliProcess StartWorker(string clusterId) =>
        new("worker", "--cluster", TestPostgres.Connection!, "--cluster-id", clusterId, "--threads", "1");

    // The killed worker's lease must expire while shards are still queued: once the queue is empty an idle worker takes
    // the dead worker's shard as a slow shard instead, and the job ends with nothing re-leased. On a quiet machine the 16
    // shards take about 10 s, so the timeout is a few seconds (renewed every second).
    private static CliProcess StartJob(string clusterId, string data, string store) =>
        new("featurize", "--data", data, "--backbone", SharedData.MobileNetV1, "--store", store, "--shard", $"0/{Shards}",
            "--threads", "1", "--cluster", TestPostgres.Connection!, "--cluster-id", clusterId, "--lease-timeout", "3");

    private static async Task FinishedShouldBeCompleteAsync(CliProcess run, bool expectReleases)
    {
        var exit = await run.WaitAsync(JobLimit);
        exit.Should().Be(0, run.Output);
        var summary = Regex.Match(run.Output, @"complete: (\d+) shards, (\d+) images \((\d+) bad\), .*?; (\d+) shard\(s\) re-leased");
        summary.Success.Should().BeTrue(run.Output);
        summary.Groups[1].Value.Should().Be(Shards.ToString(System.Globalization.CultureInfo.InvariantCulture));
        summary.Groups[2].Value.Should().Be("800");
        if (expectReleases)
            int.Parse(summary.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0, run.Output);
        run.Dispose();
    }

    // A worker whose last word is the start of a shard, once the job has finished a few: killing it loses a lease.
    private static async Task<CliProcess> WaitForBusyWorkerAsync(List<CliProcess> workers, int minimumAccepted, CliProcess run)
    {
        return await PollAsync(() =>
        {
            if (workers.Sum(w => Regex.Matches(w.Output, @"shard \d+ Accepted").Count) < minimumAccepted)
                return null;
            return workers.FirstOrDefault(w => w.Output.TrimEnd().Split('\n')[^1].Contains("(lease ", StringComparison.Ordinal));
        }, run, workers, "a worker busy with a shard after a few shards were done");
    }

    // A quiet machine can finish a job before its grain's host is seen (once in about fifteen runs): the job then ended
    // whole, with nothing killed, so a new job on a new store tries again. What is asserted afterwards is unchanged.
    private static async Task<(string Store, (CliProcess Worker, CliProcess Run) Holder)> StartJobAndFindGrainHolderAsync(
        string clusterId, string data, TempDir temp, List<CliProcess> workers)
    {
        for (var attempt = 1; ; attempt++)
        {
            var store = temp.Combine($"store-grain-silo-killed-{attempt}");
            var run = StartJob(clusterId, data, store);
            try
            {
                return (store, (await WaitForGrainHolderAsync(workers, run, store), run));
            }
            catch (InvalidOperationException) when (attempt < 3 && run.HasExited)
            {
                // Only a job that ended whole is tried again; any other end fails here.
                await FinishedShouldBeCompleteAsync(run, expectReleases: false);
            }
        }
    }

    // The job grain logs its submission on the silo that hosts it.
    private static async Task<CliProcess> WaitForGrainHolderAsync(List<CliProcess> workers, CliProcess run, string store)
    {
        return await PollAsync(() =>
        {
            var jobId = Regex.Match(run.Output, @"job (job-[0-9a-f]+)");
            var packs = Directory.Exists(store) ? Directory.EnumerateFiles(store, "*.pack", SearchOption.AllDirectories).Count() : 0;
            return jobId.Success && packs >= 3
                ? workers.FirstOrDefault(w => w.Output.Contains($"Job {jobId.Groups[1].Value} submitted", StringComparison.Ordinal))
                : null;
        }, run, workers, "the worker hosting the job grain, after a few shards");
    }

    private static async Task<CliProcess> PollAsync(Func<CliProcess?> find, CliProcess run, List<CliProcess> workers, string what)
    {
        string Outputs() => string.Concat(workers.Select((w, i) => $"\n--- worker {i} ---\n{w.Output}"));
        var deadline = DateTime.UtcNow + JobLimit;
        while (DateTime.UtcNow < deadline)
        {
            if (find() is { } found)
                return found;
            if (run.HasExited)
                throw new InvalidOperationException($"The job ended before {what} was seen:\n{run.Output}{Outputs()}");
            await Task.Delay(200);
        }
        throw new TimeoutException($"No {what} within {JobLimit}:\n{run.Output}{Outputs()}");
    }
}
