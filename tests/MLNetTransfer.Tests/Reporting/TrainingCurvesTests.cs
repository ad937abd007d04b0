using MLNetTransfer.Reporting;
using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Reporting;

public class TrainingCurvesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(60)]
    public void Draws_one_point_per_epoch_in_every_series(int epochs)
    {
        var html = TrainingCurves.Render(ReportSamples.History(epochs), bestEpoch: epochs - 1);

        foreach (var chart in new[] { "accuracy", "loss" })
        {
            var svg = ReportMarkup.Chart(html, chart);
            ReportMarkup.Points(svg, "train").Should().HaveCount(epochs);
            ReportMarkup.Points(svg, "validation").Should().HaveCount(epochs);
            svg.Should().NotContain("NaN");
        }
    }

    [Fact]
    public void Points_go_left_to_right_and_higher_accuracy_is_drawn_higher()
    {
        var html = TrainingCurves.Render(ReportSamples.History(5), bestEpoch: null);

        var train = ReportMarkup.Points(ReportMarkup.Chart(html, "accuracy"), "train");
        train.Select(p => p.X).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        // SVG y grows downwards, and accuracy rises every epoch.
        train.Select(p => p.Y).Should().BeInDescendingOrder();
    }

    [Fact]
    public void Leaves_out_non_finite_losses()
    {
        var history = ReportSamples.History(6).ToArray();
        history[2] = history[2] with { TrainLoss = float.NaN, ValidationLoss = float.PositiveInfinity };
        history[4] = history[4] with { TrainLoss = float.NegativeInfinity };

        var html = TrainingCurves.Render(history, bestEpoch: 1);

        var loss = ReportMarkup.Chart(html, "loss");
        ReportMarkup.Points(loss, "train").Should().HaveCount(4);
        ReportMarkup.Points(loss, "validation").Should().HaveCount(5);
        ReportMarkup.Points(ReportMarkup.Chart(html, "accuracy"), "train").Should().HaveCount(6);
        html.Should().NotContain("NaN").And.NotContain("Infinity").And.NotContain("∞");
    }

    [Fact]
    public void Says_so_when_no_value_is_finite()
    {
        var history = ReportSamples.History(3).Select(r => r with { TrainLoss = float.NaN, ValidationLoss = float.NaN }).ToArray();

        var loss = ReportMarkup.Chart(TrainingCurves.Render(history, bestEpoch: null), "loss");

        loss.Should().Contain("no finite values to plot").And.NotContain("<polyline");
    }

    [Fact]
    public void Marks_the_best_epoch_where_its_point_is()
    {
        var html = TrainingCurves.Render(ReportSamples.History(8), bestEpoch: 5);

        foreach (var chart in new[] { "accuracy", "loss" })
        {
            var svg = ReportMarkup.Chart(html, chart);
            var bestX = ReportMarkup.Points(svg, "train")[5].X;
            ReportMarkup.MarkerXs(svg).Should().ContainSingle().Which.Should().BeApproximately(bestX, 0.01);
            svg.Should().Contain("best epoch (6)", "epochs are named from 1: index 5 is the sixth");
        }
    }

    [Fact]
    public void Without_validation_draws_training_only_and_marks_nothing_unasked()
    {
        var html = TrainingCurves.Render(ReportSamples.History(4, withValidation: false), bestEpoch: null);

        var svg = ReportMarkup.Chart(html, "accuracy");
        ReportMarkup.HasSeries(svg, "train").Should().BeTrue();
        ReportMarkup.HasSeries(svg, "validation").Should().BeFalse();
        ReportMarkup.MarkerXs(svg).Should().BeEmpty();
    }

    [Fact]
    public void Labels_ticks_legend_and_axes()
    {
        var html = TrainingCurves.Render(ReportSamples.History(5), bestEpoch: 3);

        var accuracy = ReportMarkup.Chart(html, "accuracy");
        foreach (var tick in new[] { ">0%<", ">20%<", ">100%<", ">1<", ">5<", ">epoch<" })
            accuracy.Should().Contain(tick);
        accuracy.Should().Contain("class=\"legend\"").And.Contain(">train<").And.Contain(">validation<");
        // Loss falls from 1.3 to 0.3, so a round axis from 0 to 1.4 with 0.2 steps.
        var loss = ReportMarkup.Chart(html, "loss");
        loss.Should().Contain(">0.2<").And.Contain(">1.4<").And.NotContain(">1.6<");
    }

    [Fact]
    public void Handles_an_empty_history()
    {
        TrainingCurves.Render(Array.Empty<EpochRecord>(), bestEpoch: null).Should().Contain("No epoch was recorded");
    }
}
