using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>The off-diagonal cells of the confusion matrix, largest first: which classes the model mixes up most.</summary>
internal static class ConfusedPairs
{
    public const int MaxPairs = 10;

    public static IReadOnlyList<(int True, int Predicted, int Count)> Find(int[][] counts, int maxPairs = MaxPairs) =>
        counts.SelectMany((row, t) => row.Select((count, p) => (True: t, Predicted: p, Count: count)))
            .Where(cell => cell.True != cell.Predicted && cell.Count > 0)
            .OrderByDescending(cell => cell.Count).ThenBy(cell => cell.True).ThenBy(cell => cell.Predicted)
            .Take(maxPairs).ToArray();

    public static string Render(IReadOnlyList<string> classes, int[][] counts)
    {
        var pairs = Find(counts);
        if (pairs.Count == 0)
            return "<p class=\"note\">No class was confused with another.</p>";
        var largest = pairs[0].Count;
        var html = new StringBuilder("<table class=\"confused-pairs\"><thead><tr><th>true class</th><th>predicted as</th><th>images</th>" +
            "<th class=\"num\">share of the true class</th></tr></thead><tbody>");
        foreach (var (truth, predicted, count) in pairs)
        {
            var rowTotal = counts[truth].Sum();
            html.Append($"<tr class=\"pair\" data-true=\"{Html.Escape(classes[truth])}\" data-predicted=\"{Html.Escape(classes[predicted])}\" data-count=\"{count}\">")
                .Append($"<td>{Html.Escape(classes[truth])}</td><td>{Html.Escape(classes[predicted])}</td>")
                .Append(Bar.Cell("images", (double)count / largest, Html.Number(count, "0")))
                .Append($"<td class=\"num\">{Html.Percent(rowTotal == 0 ? 0 : (double)count / rowTotal)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
