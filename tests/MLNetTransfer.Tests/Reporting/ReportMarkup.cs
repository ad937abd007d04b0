using System.Text.RegularExpressions;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>
/// Reads facts back out of report markup, whether the string HtmlReport rendered or the DOM Chromium dumped
/// (which keeps attribute order and serialises SVG children with explicit end tags).
/// </summary>
internal static partial class ReportMarkup
{
    /// <summary>The markup of one chart's &lt;svg&gt; element.</summary>
    public static string Chart(string html, string key)
    {
        var start = html.IndexOf($"<svg class=\"chart\" data-chart=\"{key}\"", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"the {key} chart should be present");
        var end = html.IndexOf("</svg>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    /// <summary>The (x, y) points of a series' polyline in a chart's markup.</summary>
    public static IReadOnlyList<(double X, double Y)> Points(string chart, string series)
    {
        var match = Regex.Match(chart, $"<polyline class=\"series\" data-series=\"{series}\" points=\"([^\"]*)\"");
        match.Success.Should().BeTrue($"a '{series}' polyline should be drawn");
        return match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], System.Globalization.CultureInfo.InvariantCulture),
                           double.Parse(xy[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }

    public static bool HasSeries(string chart, string series) => chart.Contains($"data-series=\"{series}\"", StringComparison.Ordinal);

    /// <summary>The x of each best-epoch marker line in a chart.</summary>
    public static IReadOnlyList<double> MarkerXs(string chart) =>
        MarkerRegex().Matches(chart).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The counts of the heat-map cells in document order (row by row).</summary>
    public static IReadOnlyList<int> HeatMapCounts(string html) =>
        CellRegex().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static int Count(string html, string literal) => Regex.Matches(html, Regex.Escape(literal)).Count;

    /// <summary>The markup of the page's &lt;section&gt; with the given id, end tag included.</summary>
    public static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"the {id} section should be present");
        return html[start..(html.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    /// <summary>The cell texts of the per-class table row whose first cell is <paramref name="escapedClass"/>.</summary>
    public static IReadOnlyList<string> PerClassRow(string html, string escapedClass)
    {
        var table = Regex.Match(html, "<table class=\"per-class\">.*?</table>", RegexOptions.Singleline).Value;
        var row = Regex.Match(table, $"<tr[^>]*><td>{Regex.Escape(escapedClass)}</td>(.*?)</tr>", RegexOptions.Singleline);
        row.Success.Should().BeTrue($"the per-class table should have a row for {escapedClass}");
        // A bar cell holds the bar and the number; the number is the cell's text.
        return Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).ToArray();
    }

    [GeneratedRegex("<line class=\"best-marker\" x1=\"([^\"]+)\"")]
    private static partial Regex MarkerRegex();

    [GeneratedRegex("<rect class=\"cell\" data-row=\"\\d+\" data-col=\"\\d+\" data-count=\"(\\d+)\"")]
    private static partial Regex CellRegex();
}
