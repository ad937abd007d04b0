using MLNetTransfer.Cli.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary>evaluate never replaces a --json or --report file silently.</summary>
[Collection(TrainedModelCollection.Name)]
public class EvaluateOverwriteTests(TrainedModelFixture fixture)
{
    [Theory]
    [InlineData("--json", "metrics.json")]
    [InlineData("--report", "report.html")]
    public void An_existing_output_file_is_refused_before_scoring_and_replaced_only_with_force(string flag, string fileName)
    {
        var folder = fixture.Dir.Combine("evaluate-overwrite-" + fileName);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, fileName);
        File.WriteAllText(target, "keep me");

        var refused = Tool.Run("evaluate", "--model", fixture.Output, "--data", fixture.ValidationFolder, flag, target);

        refused.ExitCode.Should().Be(2, refused.ToString());
        refused.Stderr.Should().Contain(target).And.Contain("--force");
        refused.Stdout.Should().NotContain("scoring", "the check comes before any image is scored");
        File.ReadAllText(target).Should().Be("keep me");

        var forced = Tool.Run("evaluate", "--model", fixture.Output, "--data", fixture.ValidationFolder, flag, target, "--force");

        forced.ExitCode.Should().Be(0, forced.ToString());
        File.ReadAllText(target).Should().NotBe("keep me");
    }
}
