using System.Text.RegularExpressions;
using MLNetTransfer.Cluster.Tests.Support;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Cluster.Tests;

/// <summary>
/// PostgreSQL, two 'worker' processes and 'predict --cluster ... --output' as real processes: the CSV the cluster's
/// shards make equals the one-process 'predict --data DIR --output' CSV, its rows in the documented order (shard order,
/// within a shard ordinal order of the file name).
/// </summary>
[Collection(RealProcessCollection.Name)]
public class RealProcessPredictionClusterTests
{
    private const int Shards = 4;
    private const int PhotosPerClass = 6;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    [ClusterFact]
    public async Task Predict_on_worker_processes_writes_the_csv_of_a_one_process_predict()
    {
        TestPostgres.Connection.Should().NotBeNull(TestPostgres.Problem);
        using var temp = new TempDir("mlnt-predict-workers");
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var photos = TestDatasets.Subset(SharedData.FlowersVal, temp.Combine("photos"), PhotosPerClass);
        // A photo that cannot be decoded keeps its row, with the reason in the error column, in both runs.
        File.WriteAllText(Path.Combine(photos, "roses", "broken.jpg"), "not a jpeg");
        var imageCount = 5 * PhotosPerClass + 1;

        var workers = Enumerable.Range(0, 2).Select(_ => new CliProcess("worker", "--cluster", TestPostgres.Connection!,
            "--cluster-id", clusterId, "--threads", "1")).ToList();
        try
        {
            // The workers join while a small model is trained.
            var model = temp.Combine("model");
            using (var train = new CliProcess("train", "--data", TestDatasets.Subset(SharedData.FlowersTrain, temp.Combine("train"), perClass: 4),
                       "--backbone", SharedData.MobileNetV1, "--epochs", "5", "--threads", "2", "--cache-dir", temp.Combine("cache"), "--output", model))
                (await train.WaitAsync(Limit)).Should().Be(0, train.Output);

            var clusterCsv = temp.Combine("cluster", "results.csv");
            using (var run = new CliProcess("predict", "--model", model, "--data", photos, "--store", temp.Combine("cluster-store"),
                       "--shard", $"0/{Shards}", "--cluster", TestPostgres.Connection!, "--cluster-id", clusterId, "--lease-timeout", "30",
                       "--output", clusterCsv))
            {
                (await run.WaitAsync(Limit)).Should().Be(0, run.Output + Workers(workers));
                run.Output.Should().MatchRegex($@"complete: {Shards} shards, {imageCount} images \(1 bad\)");
                run.Output.Should().Contain($"Wrote {imageCount} predictions to {clusterCsv}");
            }
            // Every shard was scored by a worker process, none by the submitting one.
            workers.Sum(w => Regex.Matches(w.Output, @"shard \d+ Accepted").Count).Should().Be(Shards, Workers(workers));

            var plainCsv = temp.Combine("plain.csv");
            using (var plain = new CliProcess("predict", "--model", model, "--data", photos, "--output", plainCsv))
                (await plain.WaitAsync(Limit)).Should().Be(0, plain.Output);

            var plainLines = File.ReadAllLines(plainCsv);
            plainLines.Should().HaveCount(1 + imageCount);
            plainLines.Skip(1).Select(FileOf).Should().BeInAscendingOrder(StringComparer.Ordinal, "one shard's rows are in ordinal order of file");
            var plan = ShardPlan.Enumerate(photos, null, Shards);
            var shardOf = plan.Shards.SelectMany(s => s.Images.Select(i => (i.Name, s.Index))).ToDictionary(p => p.Name, p => p.Index);
            shardOf.Values.Distinct().Should().HaveCountGreaterThan(1, "the test needs rows from several shards to check their order");
            // The same header and rows, byte for byte (probabilities are written round-trip), in shard order.
            string[] expected = [plainLines[0], .. plainLines.Skip(1).OrderBy(l => shardOf[FileOf(l)]).ThenBy(FileOf, StringComparer.Ordinal)];
            expected.Should().NotEqual(plainLines, "the shards' order must differ from one shard's for this check to mean something");
            File.ReadAllLines(clusterCsv).Should().Equal(expected);
            plainLines.Single(l => FileOf(l) == "roses/broken.jpg").Split(',')[^1].Should().NotBeNullOrWhiteSpace();
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }
    }

    private static string FileOf(string csvLine) => csvLine[..csvLine.IndexOf(',', StringComparison.Ordinal)];

    private static string Workers(IEnumerable<CliProcess> workers) =>
        string.Concat(workers.Select((w, i) => $"\n--- worker {i}:\n{w.Output}"));
}
