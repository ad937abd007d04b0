using System.Globalization;
using System.Text.RegularExpressions;
using MLNetTransfer.Reporting;

namespace MLNetTransfer.Tests.Reporting;

public class ConfusionHeatMapTests
{
    [Fact]
    public void Has_one_cell_per_class_pair_with_its_count()
    {
        int[][] counts = [[3, 1, 0], [1, 2, 0], [1, 0, 3]];

        var svg = ConfusionHeatMap.Render(ReportSamples.Classes, counts);

        ReportMarkup.HeatMapCounts(svg).Should().Equal(3, 1, 0, 1, 2, 0, 1, 0, 3);
        // Both axes name every class, escaped.
        ReportMarkup.Count(svg, "&lt;script&gt;alert(1)&lt;/script&gt;</text>").Should().Be(2);
        ReportMarkup.Count(svg, "a&amp;b &quot;q&quot;</text>").Should().Be(2);
        svg.Should().NotContain("<script>");
    }

    [Fact]
    public void Shades_by_share_of_the_row_not_by_raw_count()
    {
        // Row 0 has 90 images, row 1 only 2; both are perfectly recalled, so both diagonals are equally dark.
        int[][] counts = [[90, 0], [0, 2]];

        var svg = ConfusionHeatMap.Render(["big", "small"], counts);

        Fill(svg, 0, 0).Should().Be(ConfusionHeatMap.Shade(1)).And.Be(Fill(svg, 1, 1));
        Fill(svg, 0, 1).Should().Be(ConfusionHeatMap.Shade(0));
        ConfusionHeatMap.Shade(0).Should().Be("#f7fbff");
        ConfusionHeatMap.Shade(1).Should().Be("#08306b");
    }

    [Fact]
    public void Stays_legible_with_fifty_classes()
    {
        const int k = 50;
        var classes = Enumerable.Range(0, k).Select(i => $"class_with_a_very_long_name_{i:D2}").ToArray();
        var counts = Enumerable.Range(0, k).Select(r => Enumerable.Range(0, k).Select(c => r == c ? 9 : (r + c) % 7 == 0 ? 1 : 0).ToArray()).ToArray();

        var svg = ConfusionHeatMap.Render(classes, counts);

        ReportMarkup.HeatMapCounts(svg).Should().HaveCount(k * k);
        var width = double.Parse(Regex.Match(svg, "<svg[^>]* width=\"([^\"]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
        width.Should().BeLessThan(1100, "fifty classes should fit a page width");
        var fontSizes = Regex.Matches(svg, "class=\"(?:row|col)-label\"[^>]*font-size=\"([^\"]+)\"")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        fontSizes.Should().HaveCount(2 * k).And.OnlyContain(size => size >= 8);
        ReportMarkup.Count(svg, "rotate(-45)").Should().Be(k, "column labels are slanted so they do not overlap");
        // Long names lose their middle on the axes, keeping the end that tells them apart, and stay whole in the hover title.
        svg.Should().Contain("<title>class_with_a_very_long_name_07</title>").And.Contain("class_with_a…_long_name_07<");
    }

    private static string Fill(string svg, int row, int col) =>
        Regex.Match(svg, $"<rect class=\"cell\" data-row=\"{row}\" data-col=\"{col}\"[^>]* fill=\"([^\"]+)\"").Groups[1].Value;
}
