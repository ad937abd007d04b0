using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>train --device / --unfreeze: the TorchSharp engine is asked for explicitly and never replaced by the CPU.</summary>
[Collection(TrainedModelCollection.Name)]
public class TrainDeviceTests(TrainedModelFixture fixture)
{
    [NoCudaFact]
    public void Device_cuda_without_cuda_exits_2_saying_what_is_missing_and_writes_no_model()
    {
        using var dir = new TempDir("mlnt-cli-cuda");
        var output = dir.Combine("out");
        var run = Tool.Run(fixture.TrainArgs(output, "--device", "cuda"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("libtorch").And.MatchRegex("(CUDA|could not load libtorch)");
        File.Exists(Path.Combine(output, "model.zip")).Should().BeFalse();
        run.Stdout.Should().NotContain("epoch 1/", "nothing trains, on the CPU or anywhere");
    }

    [NoCudaFact]
    public void Missing_libtorch_is_one_short_paragraph_and_the_native_trace_only_with_verbose()
    {
        using var dir = new TempDir("mlnt-cli-cuda-quiet");
        var quiet = Tool.Run(fixture.TrainArgs(dir.Combine("quiet"), "--device", "cuda"));
        var verbose = Tool.Run([.. fixture.TrainArgs(dir.Combine("verbose"), "--device", "cuda"), "--verbose"]);

        quiet.ExitCode.Should().Be(2, quiet.ToString());
        var lines = quiet.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCountLessThanOrEqualTo(3, "one error paragraph and one hint, not the loader's trace:\n" + quiet.Stderr);
        quiet.Stderr.Should().StartWith("error: ").And.Contain("libtorch").And.Contain("--verbose")
            .And.NotContain("LoadNativeBackend").And.NotContain("   at ");
        verbose.ExitCode.Should().Be(2, verbose.ToString());
        verbose.Stderr.Should().Contain(lines[0]).And.Contain("   at ", "--verbose shows the exception with its inner ones");
        verbose.Stderr.Length.Should().BeGreaterThan(quiet.Stderr.Length);
    }

    [Fact]
    public void Unfreeze_without_device_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"), "--unfreeze", "1");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--device");
    }

    [Fact]
    public void Unfreeze_in_a_config_without_device_is_a_usage_error()
    {
        using var dir = new TempDir("mlnt-cli-unfreeze");
        var config = dir.Combine("train.json");
        File.WriteAllText(config, $$"""{ "data": "{{fixture.TrainFolder.Replace("\\", "\\\\")}}", "output": "out", "unfreeze": 2 }""");
        var run = Tool.Run("train", "--config", config, "--backbone", fixture.Backbone);
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--device");
    }

    [Fact]
    public void A_misspelt_device_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"), "--device", "gpu");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("cuda:N").And.Contain("gpu");
    }

    [Fact]
    public void Metrics_record_the_onnx_runtime_default_device_and_no_unfreezing()
    {
        var settings = Tool.ReadJson(fixture.MetricsPath).GetProperty("settings");
        settings.GetProperty("device").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        settings.GetProperty("unfreeze").GetInt32().Should().Be(0);
    }
}
