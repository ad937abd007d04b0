using MLNetTransfer.Reporting;

namespace MLNetTransfer.Tests.Reporting;

public class AxisScaleTests
{
    [Theory]
    [InlineData(0, 1.3, 0, 1.4, 0.2)]
    [InlineData(0, 2.3, 0, 2.5, 0.5)]
    [InlineData(0.31, 0.87, 0.3, 0.9, 0.1)]
    [InlineData(0, 47, 0, 50, 10)]
    public void Widens_to_round_bounds_and_steps(double min, double max, double niceMin, double niceMax, double step)
    {
        var scale = AxisScale.Nice(min, max);

        scale.Min.Should().BeApproximately(niceMin, 1e-9);
        scale.Max.Should().BeApproximately(niceMax, 1e-9);
        scale.Step.Should().BeApproximately(step, 1e-9);
        scale.Ticks().First().Should().BeApproximately(niceMin, 1e-9);
        scale.Ticks().Last().Should().BeApproximately(niceMax, 1e-9);
    }

    [Fact]
    public void Integer_axes_never_step_by_fractions()
    {
        var scale = AxisScale.Nice(0, 3, maxTicks: 10, integerSteps: true);

        scale.Ticks().Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void A_single_value_gets_a_range_around_it()
    {
        var scale = AxisScale.Nice(0.5, 0.5);

        scale.Min.Should().BeLessThan(0.5);
        scale.Max.Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void Maps_bounds_onto_the_pixel_range()
    {
        var scale = new AxisScale(0, 2, 0.5);

        scale.Map(0, 100, 300).Should().Be(100);
        scale.Map(1, 100, 300).Should().Be(200);
        scale.Map(2, 300, 100).Should().Be(100);
    }
}
