using System.Text;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Reporting;

/// <summary>The report's plain tables: per-class metrics, skipped files, settings and timings.</summary>
internal static class ReportTables
{
    public static string PerClass(IReadOnlyList<ClassMetrics> metrics)
    {
        var html = new StringBuilder("<table class=\"per-class\"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>");
        foreach (var m in metrics)
        {
            html.Append($"<tr><td>{Html.Escape(m.Class)}</td><td class=\"num\">{Html.Number(m.Precision, "0.000")}</td>")
                .Append($"<td class=\"num\">{Html.Number(m.Recall, "0.000")}</td><td class=\"num\">{Html.Number(m.F1, "0.000")}</td>")
                .Append($"<td class=\"num\">{Html.Number(m.Support, "0")}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public static string Skipped(IReadOnlyList<SkippedImage> skipped)
    {
        if (skipped.Count == 0)
            return "<p class=\"note\">No file was skipped.</p>";
        var html = new StringBuilder($"<p>{Html.Number(skipped.Count, "0")} file(s) could not be used:</p>");
        html.Append("<table class=\"skipped\"><thead><tr><th>file</th><th>reason</th></tr></thead><tbody>");
        foreach (var s in skipped)
            html.Append($"<tr><td class=\"path\">{Html.Escape(s.Name)}</td><td>{Html.Escape(s.Reason)}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    public static string Settings(IReadOnlyDictionary<string, string> settings)
    {
        if (settings.Count == 0)
            return "<p class=\"note\">No settings were recorded.</p>";
        var html = new StringBuilder("<table class=\"settings\"><tbody>");
        foreach (var (name, value) in settings)
            html.Append($"<tr><th>{Html.Escape(name)}</th><td>{Html.Escape(value)}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    public static string Timings(IReadOnlyDictionary<string, double> seconds)
    {
        if (seconds.Count == 0)
            return "<p class=\"note\">No timings were recorded.</p>";
        var html = new StringBuilder("<table class=\"timings\"><thead><tr><th>phase</th><th>seconds</th></tr></thead><tbody>");
        foreach (var (phase, value) in seconds)
        {
            var shown = double.IsFinite(value) ? Html.Number(value, "0.00") : "n/a";
            html.Append($"<tr><th>{Html.Escape(phase)}</th><td class=\"num\">{shown}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
