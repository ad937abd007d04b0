using System.Text.Json;
using MLNetTransfer.Cli.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>train --views and --refit, evaluate/predict --tta: what they do and what metrics.json and report.html say.</summary>
[Collection(TrainedModelCollection.Name)]
public class TrainViewsTests(TrainedModelFixture fixture)
{
    private CliResult TrainHoldingOut(string output, params string[] extra) => Tool.Run(
    [
        "train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", output, "--epochs", "30",
        "--validation-fraction", "0.2", "--cache-dir", fixture.CacheDir, .. extra,
    ]);

    [Fact]
    public void By_default_the_head_is_refit_on_all_photos_and_tiny_validation_falls_back_to_the_loss()
    {
        var output = fixture.Dir.Combine("views-default");

        var run = TrainHoldingOut(output, "--views", "2");

        run.ExitCode.Should().Be(0, run.ToString());
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        var settings = metrics.GetProperty("settings");
        settings.GetProperty("views").GetInt32().Should().Be(2);
        Tool.ReadJson(fixture.MetricsPath).GetProperty("settings").GetProperty("views").GetInt32().Should().Be(1, "one view by default");
        settings.GetProperty("refit").GetBoolean().Should().BeTrue();
        var refit = metrics.GetProperty("refit");
        refit.GetProperty("photos").GetInt32().Should().Be(30);
        refit.GetProperty("rows").GetInt32().Should().Be(60, "two views of each photo");
        refit.GetProperty("heldOutPhotos").GetInt32().Should().Be(6);
        refit.GetProperty("epochs").GetInt32().Should().Be(metrics.GetProperty("bestEpoch").GetInt32());
        // 6 held-out photos are too few for accuracy to show progress: the run says it watched the loss.
        metrics.GetProperty("earlyStoppingFallback").GetString().Should().Contain("validation loss");
        run.Stdout.Should().Contain("Refit on all 30 photos").And.Contain("Early stopping watches the validation loss");
        File.ReadAllText(Path.Combine(output, "report.html")).Should().Contain("Refit on all 30 photos");
    }

    [Fact]
    public void Refit_false_keeps_the_head_trained_without_the_held_out_photos()
    {
        var output = fixture.Dir.Combine("views-no-refit");

        var run = TrainHoldingOut(output, "--refit", "false", "--views", "1");

        run.ExitCode.Should().Be(0, run.ToString());
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        metrics.TryGetProperty("refit", out var refit).Should().BeTrue();
        refit.ValueKind.Should().Be(JsonValueKind.Null);
        metrics.GetProperty("settings").GetProperty("views").GetInt32().Should().Be(1);
        run.Stdout.Should().NotContain("Refit on all");
    }

    [Fact]
    public void Views_out_of_range_are_a_usage_error()
    {
        var run = TrainHoldingOut(fixture.Dir.Combine("views-bad"), "--views", "7");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--views must be 1");
    }

    [Fact]
    public void Evaluate_and_predict_with_tta_average_views_of_the_exported_model()
    {
        var evaluate = Tool.Run("evaluate", "--model", fixture.Output, "--data", fixture.ValidationFolder, "--tta");
        var photo = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order().First();
        var plain = Tool.Run("predict", "--model", fixture.Output, "--json", photo);
        var tta = Tool.Run("predict", "--model", fixture.Output, "--json", "--tta", photo);

        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        evaluate.Stdout.Should().Contain("averaged over 4 views");
        tta.ExitCode.Should().Be(0, tta.ToString());
        static double TopScore(CliResult r) => JsonDocument.Parse(r.Stdout).RootElement[0].GetProperty("top")[0].GetProperty("score").GetDouble();
        TopScore(tta).Should().NotBe(TopScore(plain), "the mirror image's scores are averaged in");
    }
}
