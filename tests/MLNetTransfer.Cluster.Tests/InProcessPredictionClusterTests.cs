using MLNetTransfer.Cluster.Jobs;
using MLNetTransfer.Cluster.Tests.Support;
using MLNetTransfer.Prediction.Batch;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cluster.Tests;

/// <summary>Two silos in this process score a prediction job; its concatenated CSV equals a one-process run's.</summary>
public class InProcessPredictionClusterTests
{
    [Fact]
    public async Task Two_silos_predict_shards_whose_concatenated_csv_equals_a_one_process_run()
    {
        using var temp = new TempDir("mlnt-cluster-predict");
        var (backbone, _) = TinyBackbone.Write(temp.Combine("backbone"), size: 96);
        var train = TestDatasets.ColourClasses(temp.Combine("train"), perClass: 6, seed: 1);
        var photos = TestDatasets.ColourClasses(temp.Combine("photos"), perClass: 4, seed: 2);
        File.WriteAllText(Path.Combine(photos, "red", "broken.jpg"), "not a jpeg");
        var output = temp.Combine("model");
        using (var trainRun = new CliProcess("train", "--data", train, "--backbone", backbone, "--output", output, "--epochs", "5",
                   "--cache-dir", temp.Combine("cache")))
            (await trainRun.WaitAsync(TimeSpan.FromMinutes(10))).Should().Be(0, trainRun.Output);
        var model = Path.Combine(output, "model.zip");

        var job = new BatchPredictionJob
        {
            DataRoot = photos,
            ModelPath = model,
            ModelHash = BatchPredictionJob.HashOf(model),
            Store = temp.Combine("cluster-store"),
            ShardCount = 4,
        };

        var cluster = await FileStateWorkerSilo.DeployAsync(2, temp.Combine("grain-state"));
        try
        {
            var definition = job.ToJson();
            var grain = cluster.Client.GetGrain<IShardJobGrain>(ShardJobId.For(definition, job.ShardCount));
            await grain.Submit(definition, job.ShardCount, new ShardJobPolicy { LeaseTimeout = TimeSpan.FromSeconds(30) });
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            ShardJobProgress progress;
            while (!(progress = await grain.GetProgress()).IsComplete && !progress.IsFailed)
                await Task.Delay(TimeSpan.FromMilliseconds(300), timeout.Token);
            progress.FailureReason.Should().BeNull();
            progress.BadImages.Should().Be(1);
        }
        finally
        {
            await FileStateWorkerSilo.StopAsync(cluster);
        }

        var local = new BatchPredictionRunner(job with { Store = temp.Combine("local-store") });
        for (var k = 0; k < job.ShardCount; k++)
            (await local.RunAsync(k)).AlreadyComplete.Should().BeFalse();

        var clusterCsv = new BatchPredictionRunner(job).Concatenate();
        clusterCsv.Should().Be(local.Concatenate());
        var lines = clusterCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1 + 3 * 4 + 1);
        lines.Single(l => l.StartsWith("red/broken.jpg,", StringComparison.Ordinal)).Split(',')[^1].Should().NotBeNullOrWhiteSpace();
    }
}
