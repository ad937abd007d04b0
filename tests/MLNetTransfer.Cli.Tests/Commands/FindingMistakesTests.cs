using MLNetTransfer.Cli.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary>train's report sections, inspect, evaluate --report and predict --explain on the fixture's colour classes.</summary>
[Collection(TrainedModelCollection.Name)]
public class FindingMistakesTests(TrainedModelFixture fixture)
{
    [Fact]
    public void The_train_report_names_the_dataset_and_has_the_finding_sections_in_words()
    {
        var html = File.ReadAllText(Path.Combine(fixture.Output, "report.html"));

        // The train folder is data/train: the dataset is "data", not "train".
        html.Should().Contain("<h1>data: tiny</h1>");
        foreach (var id in new[] { "class-counts", "label-noise", "confusion", "confused-pairs", "per-class", "mistakes", "settings", "timings" })
            html.Should().Contain($"<section id=\"{id}\">", id);
        html.Should().Contain("30 training images in 3 classes.");
        html.Should().Contain("<th>Learning rate</th>").And.Contain("<th>Featurize time</th>").And.NotContain("<th>learningRate</th>");
        html.Should().NotContain("<th>Mirror</th>", "settings with no value are left out");
    }

    [Fact]
    public void Inspect_puts_a_mislabelled_image_first_in_the_csv()
    {
        var (data, moved) = NoisyCopy("inspect");
        var csv = fixture.Dir.Combine("inspect", "candidates.csv");

        var run = Tool.Run("inspect", "--model", fixture.Output, "--data", data, "--csv", csv);

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = File.ReadAllLines(csv);
        lines[0].Should().Be("path,given_label,predicted_label,given_probability,predicted_probability,loss");
        lines.Length.Should().BeGreaterThan(1, run.ToString());
        lines[1].Should().StartWith($"{moved},blue,red,");
        run.Stdout.Should().Contain(Path.GetFileName(moved));
    }

    [Fact]
    public void Inspect_refuses_a_folder_that_is_not_a_train_output()
    {
        var empty = Directory.CreateDirectory(fixture.Dir.Combine("inspect-empty")).FullName;

        var run = Tool.Run("inspect", "--model", empty, "--data", fixture.TrainFolder);

        run.ExitCode.Should().NotBe(0);
        run.Stderr.Should().Contain(Path.Combine(empty, "model.json")).And.Contain("mlnet-transfer train");
    }

    [Fact]
    public void Evaluate_report_shows_the_mistake_with_its_crop_and_occlusion_map()
    {
        var (data, moved) = NoisyCopy("evaluate-report");
        var report = fixture.Dir.Combine("evaluate-report", "out", "eval.html");

        var run = Tool.Run("evaluate", "--model", fixture.Output, "--data", data, "--report", report);

        run.ExitCode.Should().Be(0, run.ToString());
        var html = File.ReadAllText(report);
        html.Should().Contain("<section id=\"confused-pairs\">").And.Contain("<section id=\"mistakes\">");
        html.Should().Contain($"title=\"{moved}\"");
        html.Should().Contain("<img class=\"thumb heat\" src=\"data:image/jpeg;base64,");
        html.Should().NotContain("<section id=\"curves\">", "a saved model has no training history to draw");
    }

    [Fact]
    public void Predict_explain_writes_one_png_per_image_of_the_crop_size()
    {
        var images = Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "green")).Order().Take(2).ToArray();
        var folder = fixture.Dir.Combine("explain");

        var run = Tool.Run("predict", "--model", fixture.Output, "--explain", folder, images[0], images[1]);

        run.ExitCode.Should().Be(0, run.ToString());
        var written = Directory.GetFiles(folder).Order().ToArray();
        written.Select(Path.GetFileName).Should().Equal(images.Select(i => Path.GetFileNameWithoutExtension(i) + ".png"));
        foreach (var png in written)
        {
            using var bitmap = SKBitmap.Decode(png);
            (bitmap.Width, bitmap.Height).Should().Be((96, 96));
        }
        run.Stdout.Should().Contain($"Wrote 2 occlusion map(s) to {folder}");
    }

    /// <summary>The fixture's training folder copied, with one red image filed under blue.</summary>
    private (string Folder, string Moved) NoisyCopy(string name)
    {
        var folder = fixture.Dir.Combine(name, "data");
        foreach (var file in Directory.GetFiles(fixture.TrainFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(fixture.TrainFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        var red = Directory.GetFiles(Path.Combine(folder, "red")).Order().First();
        var moved = Path.Combine(folder, "blue", "moved_" + Path.GetFileName(red));
        File.Move(red, moved);
        return (folder, moved);
    }
}
