using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Featurize;

public sealed class FeaturizeStoreTests : IDisposable
{
    private readonly TempDir _dir = new("mlnt-cli-store");

    public void Dispose() => _dir.Dispose();

    [SharedFact]
    public void Train_from_a_sharded_store_gives_the_model_of_a_local_train()
    {
        var train = TestDatasets.Subset(SharedData.FlowersTrain, _dir.Combine("train"), perClass: 6);
        var validation = TestDatasets.Subset(SharedData.FlowersVal, _dir.Combine("val"), perClass: 3);
        var store = _dir.Combine("store");
        foreach (var (data, shards) in new[] { (train, 3), (validation, 2) })
        {
            // Out of order, as an array of tasks may run.
            for (var k = shards - 1; k >= 0; k--)
            {
                var run = Tool.Run("featurize", "--data", data, "--backbone", SharedData.MobileNetV1, "--store", store, "--shard", $"{k}/{shards}", "--threads", "2");
                run.ExitCode.Should().Be(0, run.ToString());
                run.Stdout.Should().Contain($"Shard {k}/{shards}: ").And.Contain("features written");
            }
        }
        var again = Tool.Run("featurize", "--data", train, "--backbone", SharedData.MobileNetV1, "--store", store, "--shard", "1/3");
        again.ExitCode.Should().Be(0, again.ToString());
        again.Stdout.Should().Contain("Shard 1/3 was already complete");

        string[] common = ["--data", train, "--validation", validation, "--backbone", SharedData.MobileNetV1, "--epochs", "15", "--seed", "5", "--threads", "2"];
        var fromStore = Tool.Run(["train", .. common, "--store", store, "--output", _dir.Combine("from-store")]);
        fromStore.ExitCode.Should().Be(0, fromStore.ToString());
        var local = Tool.Run(["train", .. common, "--no-cache", "--output", _dir.Combine("local")]);
        local.ExitCode.Should().Be(0, local.ToString());

        Tool.ReadJson(_dir.Combine("from-store", "metrics.json")).GetProperty("bottlenecksComputed").GetInt32().Should().Be(0);
        File.ReadAllBytes(_dir.Combine("from-store", "model.onnx")).Should().Equal(File.ReadAllBytes(_dir.Combine("local", "model.onnx")));
    }

    [SharedFact]
    public void Train_from_a_store_that_lacks_images_names_them()
    {
        var train = TestDatasets.Subset(SharedData.FlowersTrain, _dir.Combine("train"), perClass: 2);
        var store = _dir.Combine("store");
        var run = Tool.Run("featurize", "--data", train, "--backbone", SharedData.MobileNetV1, "--store", store, "--threads", "2");
        run.ExitCode.Should().Be(0, run.ToString());
        var extra = Path.Combine(train, "roses", "zz_new.jpg");
        File.Copy(Directory.GetFiles(Path.Combine(SharedData.FlowersVal, "roses")).Order(StringComparer.Ordinal).First(), extra);

        var result = Tool.Run("train", "--data", train, "--validation-fraction", "0.2", "--backbone", SharedData.MobileNetV1, "--epochs", "2",
            "--store", store, "--output", _dir.Combine("out"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("1 of 11 images have no features in the feature store").And.Contain("zz_new.jpg");
    }

    [Theory]
    [InlineData("3", "--shard must be K/N")]
    [InlineData("4/4", "shards are numbered 0 to 3")]
    [InlineData("-1/4", "--shard must be K/N")]
    public void A_bad_shard_flag_is_refused(string shard, string message)
    {
        var run = Tool.Run("featurize", "--data", _dir.Path, "--arch", "ResNet18", "--store", _dir.Combine("s"), "--shard", shard);
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain(message);
    }
}
