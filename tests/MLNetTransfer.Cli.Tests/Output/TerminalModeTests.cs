using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Tests.Output;

public class TerminalModeTests
{
    [Theory]
    [InlineData(false, null, null, true, true)]
    [InlineData(true, null, null, false, false)]
    [InlineData(false, "true", null, false, false)]
    [InlineData(false, null, "1", true, false)]
    public void Redraws_only_on_a_terminal_outside_CI_and_colours_only_without_NO_COLOR(
        bool redirected, string? ci, string? noColor, bool interactive, bool colour)
    {
        var environment = new Dictionary<string, string?> { ["CI"] = ci, ["NO_COLOR"] = noColor };
        var mode = TerminalMode.Detect(name => environment.GetValueOrDefault(name), redirected);
        mode.Should().Be(new TerminalMode(interactive, colour));
    }

    [Fact]
    public void Plain_progress_prints_one_line_per_tenth_without_carriage_returns()
    {
        var stdout = new StringWriter();
        var progress = new Ui(stdout, new StringWriter(), TerminalMode.Plain).Progress("featurizing", 50, "images");
        for (var i = 1; i <= 50; i++)
            progress.Report(i);
        progress.Finish(50);

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(11, "a first line at the start, then one per tenth");
        lines[^1].Should().StartWith("featurizing: 50/50 images (100%)");
        stdout.ToString().Should().NotContain("\r").And.NotContain("\u001b");
    }
}
