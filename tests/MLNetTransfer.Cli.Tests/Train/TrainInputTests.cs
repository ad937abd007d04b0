using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

[Collection(TrainedModelCollection.Name)]
public class TrainInputTests(TrainedModelFixture fixture)
{
    [Fact]
    public void A_bad_image_is_skipped_with_its_reason_and_the_run_succeeds()
    {
        using var dir = new TempDir("mlnt-cli-bad");
        var train = TestDatasets.ColourClasses(dir.Combine("train"), perClass: 6, seed: 3);
        var bad = Path.Combine(train, "red", "broken.jpg");
        File.WriteAllText(bad, "this is not a JPEG");
        var notes = Path.Combine(train, "green", "notes.txt");
        File.WriteAllText(notes, "labels checked by hand");

        var output = dir.Combine("out");
        var run = Tool.Run("train", "--data", train, "--validation-fraction", "0.2", "--backbone", fixture.Backbone,
            "--output", output, "--epochs", "3", "--cache-dir", dir.Combine("cache"));

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().Contain("broken.jpg");
        var skipped = Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("skipped").EnumerateArray()
            .ToDictionary(s => s.GetProperty("file").GetString()!, s => s.GetProperty("reason").GetString()!);
        skipped.Keys.Should().BeEquivalentTo([bad, notes]);
        skipped[bad].Should().NotBeNullOrWhiteSpace();
        skipped[notes].Should().Contain("extension");
        // 17 usable images, 20% held out per class: the final metrics describe those held-out rows.
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        metrics.GetProperty("confusionMatrix").EnumerateArray().Sum(row => row.EnumerateArray().Sum(v => v.GetInt32())).Should().Be(3);
        metrics.GetProperty("microAccuracy").GetDouble().Should().BeInRange(0, 1);
    }

    [Fact]
    public void An_unknown_flag_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--output", "x", "--colour", "blue");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--colour");
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--validation-fraction", "1.5", "--validation-fraction")]
    [InlineData("--epochs", "many", "many")]
    public void A_bad_value_is_a_usage_error(string flag, string value, string named)
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"), flag, value);
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain(named);
    }

    [Fact]
    public void A_missing_required_setting_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone);
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--output");
    }

    [Fact]
    public void A_missing_data_folder_is_bad_input_naming_the_path()
    {
        var missing = fixture.Dir.Combine("no-such-folder");
        var run = Tool.Run("train", "--data", missing, "--backbone", fixture.Backbone, "--output", fixture.Dir.Combine("never"));
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(missing);
    }

    [Fact]
    public void A_dataset_root_holding_train_and_val_is_refused_saying_which_folders_to_pass()
    {
        using var dir = new TempDir("mlnt-cli-root");
        TestDatasets.ColourClasses(dir.Combine("train"), perClass: 2, seed: 1);
        TestDatasets.ColourClasses(dir.Combine("val"), perClass: 1, seed: 2);

        var run = Tool.Run("train", "--data", dir.Path, "--backbone", fixture.Backbone, "--output", dir.Combine("out"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain($"--data {dir.Path} looks like a dataset root: it holds train/ and val/")
            .And.Contain($"pass --data {dir.Combine("train")} --validation {dir.Combine("val")}");
    }

    [Fact]
    public void A_folder_above_the_class_folders_is_refused_for_evaluate_too()
    {
        using var dir = new TempDir("mlnt-cli-above");
        TestDatasets.ColourClasses(dir.Combine("batch1"), perClass: 1, seed: 1);
        TestDatasets.ColourClasses(dir.Combine("batch2"), perClass: 1, seed: 2);

        var train = Tool.Run("train", "--data", dir.Path, "--backbone", fixture.Backbone, "--output", dir.Combine("out"));
        var evaluate = Tool.Run("evaluate", "--model", fixture.ModelZip, "--data", dir.Path);

        foreach (var run in new[] { train, evaluate })
        {
            run.ExitCode.Should().Be(2, run.ToString());
            run.Stderr.Should().Contain("looks one level above the class folders").And.Contain($"--data {dir.Combine("batch1")}");
        }
    }

    [Fact]
    public void A_csv_list_trains_with_paths_relative_to_the_list_and_bad_rows_are_reported_by_line()
    {
        using var dir = new TempDir("mlnt-cli-list");
        var images = TestDatasets.ColourClasses(dir.Combine("images"), perClass: 6, seed: 4);
        var rows = Directory.GetFiles(images, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(dir.Path, f)},{Path.GetFileName(Path.GetDirectoryName(f))}");
        var list = dir.Combine("train.csv");
        File.WriteAllLines(list, ["path,label", .. rows]);

        var output = dir.Combine("out");
        var run = Tool.Run("train", "--data", list, "--validation-fraction", "0.25", "--backbone", fixture.Backbone,
            "--output", output, "--epochs", "2", "--cache-dir", dir.Combine("cache"));

        run.ExitCode.Should().Be(0, run.ToString());
        Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("classes").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(TestDatasets.Colours.Keys.Order(StringComparer.Ordinal));

        File.AppendAllLines(list, ["images/none.jpg,red"]);
        var bad = Tool.Run("train", "--data", list, "--backbone", fixture.Backbone, "--output", dir.Combine("never"));
        bad.ExitCode.Should().Be(2, bad.ToString());
        bad.Stderr.Should().Contain(list).And.Contain($"line {rows.Count() + 2}: image '{dir.Combine("images", "none.jpg")}' does not exist");
    }

    [Fact]
    public void A_backbone_without_its_spec_is_bad_input_naming_the_spec_file()
    {
        using var dir = new TempDir("mlnt-cli-spec");
        var onnx = dir.Combine("nospec.onnx");
        File.Copy(fixture.Backbone, onnx);
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", onnx, "--output", dir.Combine("out"));
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(dir.Combine("nospec.json"));
    }

    [Fact]
    public void Evaluating_classes_the_model_does_not_know_is_bad_input_naming_them()
    {
        using var dir = new TempDir("mlnt-cli-unknown");
        Directory.CreateDirectory(dir.Combine("data", "purple"));
        File.Copy(Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "red"))[0], dir.Combine("data", "purple", "a.jpg"));
        var run = Tool.Run("evaluate", "--model", fixture.ModelZip, "--data", dir.Combine("data"));
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("'purple'");
    }

    [Fact]
    public void A_missing_or_corrupt_model_is_bad_input()
    {
        using var dir = new TempDir("mlnt-cli-model");
        var missing = Tool.Run("predict", "--model", dir.Combine("none.zip"), fixture.ValidationFolder);
        missing.ExitCode.Should().Be(2, missing.ToString());
        missing.Stderr.Should().Contain("none.zip");

        var corrupt = dir.Combine("corrupt.zip");
        File.WriteAllText(corrupt, "not a zip");
        var run = Tool.Run("evaluate", "--model", corrupt, "--data", fixture.ValidationFolder);
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("corrupt.zip");
    }
}
