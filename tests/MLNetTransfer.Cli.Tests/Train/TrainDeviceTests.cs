using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>train --device / --engine / --unfreeze: a device or engine asked for is never replaced by the CPU.</summary>
[Collection(TrainedModelCollection.Name)]
public class TrainDeviceTests(TrainedModelFixture fixture)
{
    [NoCudaFact]
    public void Torch_engine_on_cuda_without_cuda_exits_2_saying_what_is_missing_and_writes_no_model()
    {
        using var dir = new TempDir("mlnt-cli-cuda");
        var output = dir.Combine("out");
        var run = Tool.Run(fixture.TrainArgs(output, "--engine", "torch", "--device", "cuda"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("libtorch").And.MatchRegex("(CUDA|could not load libtorch)");
        File.Exists(Path.Combine(output, "model.zip")).Should().BeFalse();
        run.Stdout.Should().NotContain("epoch 1/", "nothing trains, on the CPU or anywhere");
    }

    [NoCudaFact]
    public void Missing_libtorch_is_one_short_paragraph_and_the_native_trace_only_with_verbose()
    {
        using var dir = new TempDir("mlnt-cli-cuda-quiet");
        var quiet = Tool.Run(fixture.TrainArgs(dir.Combine("quiet"), "--engine", "torch", "--device", "cuda"));
        var verbose = Tool.Run([.. fixture.TrainArgs(dir.Combine("verbose"), "--engine", "torch", "--device", "cuda"), "--verbose"]);

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
    public void Device_cuda_on_the_cpu_build_of_onnx_runtime_exits_2_naming_the_gpu_package_and_featurizes_nothing()
    {
        using var dir = new TempDir("mlnt-cli-cuda");
        var output = dir.Combine("out");
        var cache = dir.Combine("cache");
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", output,
            "--cache-dir", cache, "--epochs", "2", "--device", "cuda:0");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("cuda:0").And.Contain("Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0").And.Contain("cuDNN 9");
        File.Exists(Path.Combine(output, "model.zip")).Should().BeFalse();
        Directory.Exists(Path.Combine(cache, "bottlenecks")).Should().BeFalse("no bottleneck was computed, on the CPU or anywhere");
    }

    [Fact]
    public void Predict_on_cuda_on_the_cpu_build_exits_2_and_on_the_cpu_scores_the_exported_model()
    {
        var image = Directory.EnumerateFiles(fixture.ValidationFolder, "*", SearchOption.AllDirectories).First();

        var cuda = Tool.Run("predict", "--model", fixture.Output, "--device", "cuda", image);
        cuda.ExitCode.Should().Be(2, cuda.ToString());
        cuda.Stderr.Should().Contain("model.onnx").And.Contain("Microsoft.ML.OnnxRuntime.Gpu.Linux");

        var cpu = Tool.Run("predict", "--model", fixture.Output, "--device", "cpu", "--json", image);
        cpu.ExitCode.Should().Be(0, cpu.ToString());
        var zip = Tool.Run("predict", "--model", fixture.Output, "--json", image);
        System.Text.Json.JsonDocument.Parse(cpu.Stdout).RootElement[0].GetProperty("predictedLabel").GetString()
            .Should().Be(System.Text.Json.JsonDocument.Parse(zip.Stdout).RootElement[0].GetProperty("predictedLabel").GetString());
    }

    [Fact]
    public void Unfreeze_without_the_torch_engine_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"), "--unfreeze", "1");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--engine torch");
    }

    [Fact]
    public void Unfreeze_in_a_config_without_the_torch_engine_is_a_usage_error()
    {
        using var dir = new TempDir("mlnt-cli-unfreeze");
        var config = dir.Combine("train.json");
        File.WriteAllText(config, $$"""{ "data": "{{fixture.TrainFolder.Replace("\\", "\\\\")}}", "output": "out", "unfreeze": 2 }""");
        var run = Tool.Run("train", "--config", config, "--backbone", fixture.Backbone);
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--engine torch");
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
        settings.GetProperty("engine").GetString().Should().Be("onnx");
    }
}
