using MLNetTransfer.Cli.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

public class HelpTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("codegen")]
    [InlineData("backbones")]
    [InlineData("backbones", "list")]
    [InlineData("backbones", "download")]
    [InlineData("backbones", "info")]
    public void Every_commands_help_shows_examples_of_itself(params string[] command)
    {
        var run = Tool.Run([.. command, "--help"]);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Examples:");
        run.Stdout.Should().Contain($"  mlnet-transfer {string.Join(' ', command)} ", "each example is a ready-to-run line of this command");
    }

    [Fact]
    public void Train_output_help_names_every_file_train_writes()
    {
        var run = Tool.Run("train", "--help");

        var output = string.Join(" ", run.Stdout.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("--output")).Take(4));
        foreach (var file in new[] { "model.zip", "model.onnx", "model.json", "metrics.json", "report.html" })
            output.Should().Contain(file);
    }
}
