using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>One line of a chart. Points with a non-finite value are left out of the drawing.</summary>
internal sealed record ChartSeries(string Key, string Label, string Colour, IReadOnlyList<(double X, double Y)> Points);

/// <summary>What a line chart shows besides its lines.</summary>
internal sealed record ChartLayout(string Key, string Title, string YLabel, bool YIsFraction, int? MarkedX, string? MarkLabel);

/// <summary>Draws an inline SVG line chart over integer x values (epochs): axes, ticks, grid, legend, an optional marked x.</summary>
internal static class LineChart
{
    private const double Width = 560, Height = 320;
    private const double Left = 64, Right = 20, Top = 44, Bottom = 48;

    public static string Render(ChartLayout layout, IReadOnlyList<ChartSeries> series)
    {
        var drawn = series
            .Select(s => s with { Points = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray() })
            .Where(s => s.Points.Count > 0)
            .ToArray();
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" data-chart=\"{Html.Escape(layout.Key)}\" viewBox=\"0 0 {Width} {Height}\" ")
           .Append($"width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Html.Escape(layout.Title)}\">");
        svg.Append($"<text class=\"chart-title\" x=\"{Left}\" y=\"18\">{Html.Escape(layout.Title)}</text>");
        if (drawn.Length == 0)
        {
            svg.Append($"<text class=\"no-data\" x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no finite values to plot</text></svg>");
            return svg.ToString();
        }

        var xs = drawn.SelectMany(s => s.Points).Select(p => p.X).ToArray();
        var ys = drawn.SelectMany(s => s.Points).Select(p => p.Y).ToArray();
        // One epoch still gets a unit-wide axis so its point has somewhere to sit.
        var xScale = AxisScale.Nice(xs.Min(), Math.Max(xs.Max(), xs.Min() + 1), maxTicks: 10, integerSteps: true);
        var yScale = layout.YIsFraction
            ? new AxisScale(0, 1, 0.2)
            : AxisScale.Nice(Math.Min(0, ys.Min()), ys.Max());
        double X(double v) => xScale.Map(v, Left, Width - Right);
        double Y(double v) => yScale.Map(v, Height - Bottom, Top);

        AppendAxes(svg, layout, xScale, yScale, X, Y);
        if (layout.MarkedX is { } marked && marked >= xScale.Min && marked <= xScale.Max)
        {
            svg.Append($"<line class=\"best-marker\" x1=\"{Html.Coord(X(marked))}\" x2=\"{Html.Coord(X(marked))}\" ")
               .Append($"y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"#555\" stroke-dasharray=\"5 4\"/>");
        }
        foreach (var line in drawn)
            AppendSeries(svg, line, X, Y);
        AppendLegend(svg, drawn, layout.MarkedX is not null ? layout.MarkLabel : null);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void AppendAxes(StringBuilder svg, ChartLayout layout, AxisScale xScale, AxisScale yScale,
        Func<double, double> x, Func<double, double> y)
    {
        var bottom = Height - Bottom;
        foreach (var tick in yScale.Ticks())
        {
            var label = layout.YIsFraction ? Html.Percent(tick, "0") : Html.Number(tick, "0.###");
            svg.Append($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Html.Coord(y(tick))}\" y2=\"{Html.Coord(y(tick))}\"/>")
               .Append($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Html.Coord(y(tick) + 4)}\" text-anchor=\"end\">{label}</text>");
        }
        foreach (var tick in xScale.Ticks())
        {
            svg.Append($"<line class=\"axis\" x1=\"{Html.Coord(x(tick))}\" x2=\"{Html.Coord(x(tick))}\" y1=\"{bottom}\" y2=\"{bottom + 5}\"/>")
               .Append($"<text class=\"tick\" x=\"{Html.Coord(x(tick))}\" y=\"{bottom + 18}\" text-anchor=\"middle\">{Html.Number(tick, "0")}</text>");
        }
        svg.Append($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{bottom}\" y2=\"{bottom}\"/>")
           .Append($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{bottom}\"/>")
           .Append($"<text class=\"axis-label\" x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">epoch</text>")
           .Append($"<text class=\"axis-label\" transform=\"translate(16 {(Top + bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Html.Escape(layout.YLabel)}</text>");
    }

    private static void AppendSeries(StringBuilder svg, ChartSeries line, Func<double, double> x, Func<double, double> y)
    {
        var points = string.Join(' ', line.Points.Select(p => $"{Html.Coord(x(p.X))},{Html.Coord(y(p.Y))}"));
        svg.Append($"<polyline class=\"series\" data-series=\"{Html.Escape(line.Key)}\" points=\"{points}\" ")
           .Append($"fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"2\"/>");
        // Dots keep a single-epoch run visible, where a polyline alone draws nothing.
        foreach (var p in line.Points)
        {
            svg.Append($"<circle cx=\"{Html.Coord(x(p.X))}\" cy=\"{Html.Coord(y(p.Y))}\" r=\"2.5\" fill=\"{line.Colour}\">")
               .Append($"<title>{Html.Escape(line.Label)}, epoch {Html.Number(p.X, "0")}: {Html.Number(p.Y, "0.####")}</title></circle>");
        }
    }

    private static void AppendLegend(StringBuilder svg, IReadOnlyList<ChartSeries> lines, string? markLabel)
    {
        var x = Width - Right;
        var entries = lines.Select(l => (l.Label, Swatch: $"stroke=\"{l.Colour}\" stroke-width=\"2\"")).ToList();
        if (markLabel is not null)
            entries.Add((markLabel, "stroke=\"#555\" stroke-dasharray=\"5 4\""));
        // Right-aligned, laid out from the right edge leftwards; ~6.5 px per character at the legend's font size.
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var (label, swatch) = entries[i];
            x -= label.Length * 6.5 + 8;
            svg.Append($"<text class=\"legend\" x=\"{Html.Coord(x)}\" y=\"34\">{Html.Escape(label)}</text>");
            x -= 22;
            svg.Append($"<line x1=\"{Html.Coord(x)}\" x2=\"{Html.Coord(x + 18)}\" y1=\"30\" y2=\"30\" {swatch}/>");
            x -= 12;
        }
    }
}
