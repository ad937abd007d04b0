using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Quantization;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>train --precision: int8 quantizes the backbone and metrics.json compares int8 with float32.</summary>
[Collection(TrainedModelCollection.Name)]
public class TrainPrecisionTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Int8_run_carries_the_int8_backbone_and_writes_both_accuracies()
    {
        using var dir = new TempDir("mlnt-cli-int8");
        var backbone = dir.Combine("toy.onnx");
        File.WriteAllBytes(backbone, QuantizationToy.Write());
        QuantizationToy.Spec.Save(BackboneSpec.SidecarPathFor(backbone));
        var output = dir.Combine("out");

        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--validation", fixture.ValidationFolder, "--backbone", backbone,
            "--output", output, "--cache-dir", dir.Combine("cache"), "--epochs", "5", "--precision", "int8");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Int8 backbone calibrated on").And.Contain("Int8 against float32 on");
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        metrics.GetProperty("settings").GetProperty("precision").GetString().Should().Be("int8");
        var precision = metrics.GetProperty("precision");
        precision.GetProperty("float32Accuracy").GetDouble().Should().BeInRange(0, 1);
        precision.GetProperty("int8Accuracy").GetDouble().Should().BeApproximately(metrics.GetProperty("microAccuracy").GetDouble(), 1e-9);
        precision.GetProperty("backbonePath").GetString().Should().StartWith(Path.Combine(dir.Combine("cache"), "int8"));
        precision.GetProperty("float32BackbonePath").GetString().Should().Be(backbone);
    }

    [Fact]
    public void A_misspelt_precision_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"), "--precision", "fp16");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("float32 or int8").And.Contain("fp16");
    }

    [Fact]
    public void Int8_with_the_torch_engine_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"),
            "--precision", "int8", "--engine", "torch", "--device", "cpu");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--precision int8").And.Contain("--engine torch");
    }

    [Fact]
    public void Metrics_record_float32_by_default_and_no_precision_report()
    {
        var metrics = Tool.ReadJson(fixture.MetricsPath);
        metrics.GetProperty("settings").GetProperty("precision").GetString().Should().Be("float32");
        metrics.GetProperty("precision").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }
}
