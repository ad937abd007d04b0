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
}
