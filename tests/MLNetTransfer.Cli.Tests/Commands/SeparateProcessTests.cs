using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Prediction;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

[Collection(TrainedModelCollection.Name)]
public class SeparateProcessTests(TrainedModelFixture fixture)
{
    [Fact]
    public void The_built_tool_names_itself_mlnet_transfer_in_its_help()
    {
        // Run as a process, where a RootCommand would take its name from MLNetTransfer.Cli.dll.
        var (code, stdout, stderr) = RunBuiltCli("--help");
        code.Should().Be(0, stderr);
        stdout.Should().Contain("mlnet-transfer [command] [options]").And.NotContain("MLNetTransfer.Cli");
    }

    [Fact]
    public void The_built_tool_prints_its_package_version()
    {
        var (code, stdout, stderr) = RunBuiltCli("--version");
        code.Should().Be(0, stderr);
        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        stdout.Trim().Should().Be(version);
    }

    [Fact]
    public void A_model_saved_by_one_process_predicts_the_same_in_another()
    {
        var folder = Path.Combine(fixture.ValidationFolder, "green");
        var (code, stdout, stderr) = RunBuiltCli("predict", "--model", fixture.ModelZip, "--json", "--top", "3", folder);
        code.Should().Be(0, stderr);

        var pool = ImageClassifierPool.Load(fixture.ModelZip);
        var results = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToArray();
        results.Should().HaveCount(5);
        foreach (var result in results)
        {
            var expected = pool.PredictFile(result.GetProperty("file").GetString()!);
            result.GetProperty("predictedLabel").GetString().Should().Be(expected.PredictedLabel);
            result.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("score").GetSingle())
                .Should().Equal(expected.Top(3).Select(t => t.Score));
        }
    }

    [Fact]
    public void The_built_tool_exits_1_on_a_usage_error()
    {
        var (code, _, stderr) = RunBuiltCli("evaluate", "--model");
        code.Should().Be(1, stderr);
    }

    [Fact]
    public void The_quick_start_trains_offline_on_the_embedded_ResNet18_with_an_empty_cache()
    {
        using var work = new TempDir("mlnt-quickstart");
        var sample = Path.Combine(SharedData.RepositoryRoot, "assets", "sample");
        var output = work.Combine("out");
        var environment = new Dictionary<string, string>
        {
            ["MLNETTRANSFER_OFFLINE"] = "1",
            // Empty caches: the backbone cannot come from an earlier download, nor a bottleneck from an earlier run.
            ["MLNETTRANSFER_MODELS_DIR"] = work.Combine("models"),
            ["MLNETTRANSFER_CACHE_DIR"] = work.Combine("cache"),
        };

        var (code, stdout, stderr) = RunBuiltCli(environment, "train", "--data", Path.Combine(sample, "train"),
            "--validation", Path.Combine(sample, "val"), "--output", output);

        code.Should().Be(0, stdout + stderr);
        var settings = Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("settings");
        settings.GetProperty("backboneSource").GetString().Should().Be("catalog:resnet18");
        settings.GetProperty("backboneSha256").GetString().Should().Be(MLNetTransfer.Backbones.BackboneCatalog.ResNet18.Sha256);
        Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("microAccuracy").GetDouble().Should().BeGreaterThan(0.9);
        File.Exists(Path.Combine(output, "model.zip")).Should().BeTrue();
        Directory.Exists(work.Combine("models")).Should().BeFalse("the embedded backbone is never downloaded into the cache");
    }

    private static (int Code, string Stdout, string Stderr) RunBuiltCli(params string[] args) =>
        RunBuiltCli(new Dictionary<string, string>(), args);

    private static (int Code, string Stdout, string Stderr) RunBuiltCli(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // The CLI's own build output sits beside the tests' (project references copy it with its runtimeconfig).
        var dll = Path.Combine(AppContext.BaseDirectory, "MLNetTransfer.Cli.dll");
        File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")).Should().BeTrue("the built CLI must be runnable with 'dotnet'");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Generous: a loaded machine is slow, but a hung tool must fail the test, not the whole run.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the tool did not end within 10 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
