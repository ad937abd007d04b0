using System.Text.Json;
using MLNetTransfer.Cli.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

[Collection(TrainedModelCollection.Name)]
public class TrainOutputTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Train_writes_the_model_files_and_a_complete_metrics_json()
    {
        foreach (var file in new[] { "model.zip", "model.onnx", "model.json", "metrics.json", "report.html" })
            File.Exists(Path.Combine(fixture.Output, file)).Should().BeTrue(file);

        var metrics = Tool.ReadJson(fixture.MetricsPath);
        foreach (var key in new[] { "microAccuracy", "macroAccuracy", "logLoss", "topKAccuracy", "perClass", "confusionMatrix",
                     "history", "bestEpoch", "settings", "skipped", "warnings", "timings", "bottlenecksComputed", "bottlenecksFromCache" })
            metrics.TryGetProperty(key, out _).Should().BeTrue(key);

        metrics.GetProperty("history").GetArrayLength().Should().Be(TrainedModelFixture.Epochs);
        metrics.GetProperty("microAccuracy").GetDouble().Should().BeGreaterThan(0.9);
        metrics.GetProperty("confusionMatrix").EnumerateArray().Sum(row => row.EnumerateArray().Sum(v => v.GetInt32())).Should().Be(15);
        metrics.GetProperty("timings").GetProperty("featurizeSeconds").GetDouble().Should().BePositive();
        // 30 train + 15 validation images, none cached before the first run.
        metrics.GetProperty("bottlenecksComputed").GetInt32().Should().Be(45);
        metrics.GetProperty("bottlenecksFromCache").GetInt32().Should().Be(0);

        var settings = metrics.GetProperty("settings");
        settings.GetProperty("backbone").GetString().Should().Be(fixture.Backbone);
        settings.GetProperty("backboneSha256").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        settings.GetProperty("seed").GetInt32().Should().Be(1);
        settings.GetProperty("epochs").GetInt32().Should().Be(TrainedModelFixture.Epochs);
        fixture.FirstRun.Stdout.Should().Contain("epoch 15/15").And.Contain("featurizing train: 30/30 images");
        // Which JPEG decoder ran, in the output and in the record of the run.
        var decoder = settings.GetProperty("jpegDecoder").GetString();
        decoder.Should().Be(Images.ImageDecoder.JpegDecoderName);
        fixture.FirstRun.Stdout.Should().Contain($"JPEG decoder: {decoder}");
    }

    [Fact]
    public void The_console_metrics_json_and_report_number_epochs_alike_from_1()
    {
        var console = System.Text.RegularExpressions.Regex.Match(fixture.FirstRun.Stdout, @"best epoch (\d+)");
        console.Success.Should().BeTrue(fixture.FirstRun.Stdout);
        var best = int.Parse(console.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var metrics = Tool.ReadJson(fixture.MetricsPath);
        var html = File.ReadAllText(Path.Combine(fixture.Output, "report.html"));

        metrics.GetProperty("bestEpoch").GetInt32().Should().Be(best);
        var history = metrics.GetProperty("history").EnumerateArray().ToArray();
        history.Select(e => e.GetProperty("epoch").GetInt32()).Should().Equal(Enumerable.Range(1, TrainedModelFixture.Epochs));
        fixture.FirstRun.Stdout.Should().Contain($"epoch 1/{TrainedModelFixture.Epochs}:");
        html.Should().Contain($"best epoch ({best})").And.Contain($"train accuracy (best epoch {best})");
    }

    [Fact]
    public void Train_writes_a_report_with_the_curves_the_heat_map_and_the_classes()
    {
        var html = File.ReadAllText(Path.Combine(fixture.Output, "report.html"));
        var metrics = Tool.ReadJson(fixture.MetricsPath);

        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<svg").And.NotContain("src=\"http");
        foreach (var row in metrics.GetProperty("perClass").EnumerateArray())
            html.Should().Contain(row.GetProperty("class").GetString());
        html.Should().Contain(Path.GetFileName(fixture.Backbone), "the settings table names the backbone");
    }

    [Fact]
    public void A_second_run_on_unchanged_data_computes_no_bottleneck()
    {
        var output = fixture.Dir.Combine("second");
        var run = Tool.Run(fixture.TrainArgs(output));
        run.ExitCode.Should().Be(0, run.ToString());

        var first = Tool.ReadJson(fixture.MetricsPath);
        var second = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        second.GetProperty("bottlenecksComputed").GetInt32().Should().Be(0);
        second.GetProperty("bottlenecksFromCache").GetInt32().Should().Be(45);
        second.GetProperty("timings").GetProperty("featurizeSeconds").GetDouble()
            .Should().BeLessThan(first.GetProperty("timings").GetProperty("featurizeSeconds").GetDouble());
        // Same data, seed and cached features: the same model.
        second.GetProperty("logLoss").GetDouble().Should().BeApproximately(first.GetProperty("logLoss").GetDouble(), 1e-6);
    }

    [Fact]
    public void Evaluate_json_agrees_with_metrics_json_on_the_same_validation_set()
    {
        var json = fixture.Dir.Combine("evaluation.json");
        var run = Tool.Run("evaluate", "--model", fixture.Output, "--data", fixture.ValidationFolder, "--json", json);
        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("micro-accuracy").And.Contain("Confusion matrix");

        var evaluation = Tool.ReadJson(json);
        var metrics = Tool.ReadJson(fixture.MetricsPath);
        foreach (var key in new[] { "microAccuracy", "macroAccuracy", "logLoss" })
            evaluation.GetProperty(key).GetDouble().Should().BeApproximately(metrics.GetProperty(key).GetDouble(), 1e-9, key);
        evaluation.GetProperty("topKAccuracy").GetRawText().Should().Be(metrics.GetProperty("topKAccuracy").GetRawText());
        evaluation.GetProperty("confusionMatrix").GetRawText().Should().Be(metrics.GetProperty("confusionMatrix").GetRawText());
        evaluation.GetProperty("perClass").GetArrayLength().Should().Be(3);
        evaluation.GetProperty("skipped").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void A_config_file_sets_the_run_and_flags_override_it()
    {
        // The config lives beside the data, with paths relative to itself.
        var configDir = fixture.Dir.Combine("data");
        var config = Path.Combine(configDir, "run.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["data"] = "train",
            ["validation"] = "val",
            ["backbone"] = Path.GetRelativePath(configDir, fixture.Backbone),
            ["output"] = "config-out",
            ["epochs"] = 7,
            ["earlyStoppingPatience"] = 0,
            ["cacheDir"] = fixture.CacheDir,
            ["seed"] = 5,
        }));

        var run = Tool.Run("train", "--config", config, "--epochs", "4");
        run.ExitCode.Should().Be(0, run.ToString());

        var metrics = Tool.ReadJson(Path.Combine(configDir, "config-out", "metrics.json"));
        metrics.GetProperty("history").GetArrayLength().Should().Be(4);
        var settings = metrics.GetProperty("settings");
        settings.GetProperty("epochs").GetInt32().Should().Be(4);
        settings.GetProperty("seed").GetInt32().Should().Be(5);
        settings.GetProperty("data").GetString().Should().Be(fixture.TrainFolder);
        settings.GetProperty("backbone").GetString().Should().Be(fixture.Backbone);
    }

    [Fact]
    public void A_misspelt_config_key_is_a_usage_error()
    {
        var config = fixture.Dir.Combine("typo.json");
        File.WriteAllText(config, """{ "data": "x", "epocs": 3 }""");
        var run = Tool.Run("train", "--config", config, "--output", fixture.Dir.Combine("typo-out"));
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("epocs");
    }
}
