using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>The output folder is one unit: every file from one run, never a mix, whatever stops a run.</summary>
[Collection(TrainedModelCollection.Name)]
public class ModelFolderTests(TrainedModelFixture fixture)
{
    private static readonly string[] SetFiles = ["model.zip", "model.onnx", "model.json", "metrics.json", "report.html", "manifest.json"];

    [Fact]
    public void A_run_writes_the_whole_set_with_one_run_id_and_keeps_the_users_own_files()
    {
        using var dir = new TempDir("mlnt-folder");
        var output = dir.Combine("out");
        Tool.Run(fixture.TrainArgs(output)).ExitCode.Should().Be(0);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        var firstRun = Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("runId").GetString();

        var second = Tool.Run(fixture.TrainArgs(output, "--seed", "7"));

        second.ExitCode.Should().Be(0, second.ToString());
        SetFiles.Should().OnlyContain(f => File.Exists(Path.Combine(output, f)));
        var runId = Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("runId").GetString();
        runId.Should().NotBe(firstRun);
        Tool.ReadJson(Path.Combine(output, "manifest.json")).GetProperty("runId").GetString().Should().Be(runId);
        File.ReadAllText(Path.Combine(output, "notes.txt")).Should().Be("mine");
        Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["out", ".out.lock"],
            "no staging or previous folder is left beside the output");
    }

    [Fact]
    public void A_second_writer_of_the_same_folder_is_refused_naming_it()
    {
        using var dir = new TempDir("mlnt-folder-lock");
        var output = dir.Combine("out");
        using var first = ModelFolderWriter.Begin(output);

        var second = Tool.Run(fixture.TrainArgs(output));

        second.ExitCode.Should().Be(2, second.ToString());
        second.Stderr.Should().Contain("Another training run is writing to").And.Contain(output);
        second.Stdout.Should().NotContain("featurizing", "the folder is checked before any work");
    }

    [Fact]
    public void What_a_killed_run_left_is_cleaned_up_and_the_previous_set_stays_whole_until_the_swap()
    {
        using var dir = new TempDir("mlnt-folder-kill");
        var output = dir.Combine("out");
        Tool.Run(fixture.TrainArgs(output)).ExitCode.Should().Be(0);
        var before = SetFiles.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));

        // A run killed while writing: its staging folder holds part of a set; the output folder is untouched.
        using (var killed = ModelFolderWriter.Begin(output))
        {
            File.WriteAllText(Path.Combine(killed.Staging, "model.zip"), "half a model");
            SetFiles.Should().OnlyContain(f => File.ReadAllBytes(Path.Combine(output, f)).SequenceEqual(before[f]));
            // What a kill leaves (Dispose would remove it): a copy that outlives the writer.
            TestDatasets.Copy(killed.Staging, dir.Combine(".out.staging-killed"));
        }
        // A run killed between the two renames of a swap (systems without an atomic exchange): the output is missing.
        Directory.Move(output, dir.Combine(".out.previous-killed"));
        File.WriteAllText(dir.Combine(".out.previous-killed", "notes.txt"), "mine");

        var load = Tool.Run("evaluate", "--model", output, "--data", fixture.ValidationFolder);
        load.ExitCode.Should().Be(2, "nothing is at the output path until a run repairs it");
        var rerun = Tool.Run(fixture.TrainArgs(output));

        rerun.ExitCode.Should().Be(0, rerun.ToString());
        Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["out"]);
        File.ReadAllText(Path.Combine(output, "notes.txt")).Should().Be("mine");
        Tool.Run("evaluate", "--model", output, "--data", fixture.ValidationFolder).ExitCode.Should().Be(0);
    }

    [Fact]
    public void A_folder_mixing_two_runs_is_refused_when_loaded_naming_the_file()
    {
        using var dir = new TempDir("mlnt-folder-mix");
        var output = dir.Combine("out");
        var other = dir.Combine("other");
        Tool.Run(fixture.TrainArgs(output)).ExitCode.Should().Be(0);
        Tool.Run(fixture.TrainArgs(other, "--seed", "9")).ExitCode.Should().Be(0);
        File.Copy(Path.Combine(other, "model.zip"), Path.Combine(output, "model.zip"), overwrite: true);

        var predict = Tool.Run("predict", "--model", output, Directory.GetFiles(fixture.ValidationFolder, "*", SearchOption.AllDirectories)[0]);

        predict.ExitCode.Should().Be(2, predict.ToString());
        predict.Stderr.Should().Contain("mixes files of different runs").And.Contain("'model.zip'").And.Contain(output);
    }

    [Fact]
    public void An_output_that_is_a_file_is_refused_before_featurizing()
    {
        using var dir = new TempDir("mlnt-folder-file");
        var output = dir.Combine("out.txt");
        File.WriteAllText(output, "not a folder");

        var run = Tool.Run(fixture.TrainArgs(output));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain($"--output '{output}' is a file");
        run.Stdout.Should().NotContain("featurizing");
        File.ReadAllText(output).Should().Be("not a folder");
    }
}
