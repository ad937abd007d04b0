using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Featurization;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Cli.Tests.Output;

public class ProgressLineTests
{
    private static readonly TerminalMode Terminal = new(Interactive: true, Colour: false);

    [Fact]
    public void A_redraw_returns_to_the_line_start_cuts_to_the_width_and_erases_what_a_longer_text_left()
    {
        ProgressLine.Redraw("featurizing train: 1/600 images", 20).Should().Be("\rfeaturizing train: \u001b[K");
        ProgressLine.Redraw("short", 20).Should().Be("\rshort\u001b[K");
        ProgressLine.Redraw("no width known", null).Should().Be("\rno width known\u001b[K");
    }

    [Fact]
    public void The_finished_line_carries_the_final_counts_and_nothing_of_the_longer_line_before_it()
    {
        var stdout = new StringWriter();
        var ui = new Ui(stdout, new StringWriter(), Terminal) { TerminalWidth = () => 60 };
        var now = TimeSpan.Zero;
        var line = new ProgressLine(ui, "featurizing", 600, "images", () => now);

        line.Report(1, "1 from cache, 0 computed, 0 skipped");
        now = TimeSpan.FromSeconds(2);
        line.Finish(600, "done");

        var screen = TerminalScreen.Render(stdout.ToString());
        screen.Should().Equal("featurizing: 600/600 images (100%), 300.0 images/s, done");
    }

    [Fact]
    public void No_rate_is_shown_before_half_a_second()
    {
        var now = TimeSpan.FromMilliseconds(1);
        var line = new ProgressLine(new Ui(new StringWriter(), new StringWriter(), TerminalMode.Plain), "featurizing", 100, "images", () => now);

        line.Describe(50, "", now).Should().Be("featurizing: 50/100 images (50%)");
        now = TimeSpan.FromSeconds(1);
        line.Describe(50, "", now).Should().Be("featurizing: 50/100 images (50%), 50.0 images/s ETA 1.0s");
    }

    [Fact]
    public void Each_featurizing_pass_ends_with_its_own_totals_even_when_reports_arrive_out_of_order()
    {
        var stdout = new StringWriter();
        var progress = new TrainingProgress(new Ui(stdout, new StringWriter(), TerminalMode.Plain), trainImages: 3, validationImages: 2, epochs: 1);

        progress.OnFeaturized(ImageClassificationMetrics.Dataset.Validation, new FeaturizeProgress(1, 1, 0, 0));
        progress.OnFeaturized(ImageClassificationMetrics.Dataset.Validation, new FeaturizeProgress(2, 1, 0, 1));
        progress.OnFeaturized(ImageClassificationMetrics.Dataset.Train, new FeaturizeProgress(2, 0, 2, 0));
        progress.OnFeaturized(ImageClassificationMetrics.Dataset.Train, new FeaturizeProgress(1, 0, 1, 0));
        progress.OnFeaturized(ImageClassificationMetrics.Dataset.Train, new FeaturizeProgress(3, 0, 3, 0));
        progress.Complete();

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain("featurizing validation: 2/2 images (100%), 1 from cache, 0 computed, 1 skipped");
        lines[^1].Should().Be("featurizing train: 3/3 images (100%), 0 from cache, 3 computed, 0 skipped");
    }
}
