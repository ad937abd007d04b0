using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

public class HelpTests
{
    [Fact]
    public void Help_names_the_tool_by_its_command_whatever_process_runs_it()
    {
        // In process the entry assembly is the test host, so this shows the name does not come from the process.
        var result = Tool.Run("--help");
        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain($"Usage:{Environment.NewLine}  mlnet-transfer [command] [options]")
            .And.NotContain("testhost").And.NotContain("MLNetTransfer.Cli");
        CommandTree.ToolName.Should().Be("mlnet-transfer");
    }

    [Fact]
    public void A_command_help_shows_the_full_command_line()
    {
        var result = Tool.Run("train", "--help");
        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("mlnet-transfer train [options]");
    }

    [Fact]
    public void A_usage_error_still_exits_1_under_the_named_root()
    {
        var result = Tool.Run("no-such-command");
        result.ExitCode.Should().Be(1, result.ToString());
    }

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("codegen")]
    [InlineData("inspect")]
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
