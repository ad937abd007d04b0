using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

public class SharedFlowersTests
{
    [SharedFact]
    public void Trains_and_evaluates_mobilenet_v1_on_a_flowers_subset()
    {
        using var dir = new TempDir("mlnt-cli-flowers");
        var train = TestDatasets.Subset(SharedData.FlowersTrain, dir.Combine("train"), perClass: 12);
        var validation = TestDatasets.Subset(SharedData.FlowersVal, dir.Combine("val"), perClass: 6);
        var output = dir.Combine("out");

        var run = Tool.Run("train", "--data", train, "--validation", validation, "--backbone", SharedData.MobileNetV1,
            "--output", output, "--epochs", "40", "--cache-dir", dir.Combine("cache"));
        run.ExitCode.Should().Be(0, run.ToString());
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        // Five flower classes from 12 photos each: pretrained features should do far better than chance (0.2).
        metrics.GetProperty("microAccuracy").GetDouble().Should().BeGreaterThan(0.6);

        var json = dir.Combine("evaluation.json");
        var evaluate = Tool.Run("evaluate", "--model", output, "--data", validation, "--json", json);
        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        Tool.ReadJson(json).GetProperty("microAccuracy").GetDouble()
            .Should().BeApproximately(metrics.GetProperty("microAccuracy").GetDouble(), 1e-9);
    }
}
