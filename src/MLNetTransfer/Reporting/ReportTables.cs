using System.Text;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Reporting;

/// <summary>The report's plain tables: per-class metrics, skipped files, settings and timings.</summary>
internal static class ReportTables
{
    public static string PerClass(IReadOnlyList<ClassMetrics> metrics)
    {
        var html = new StringBuilder("<table class=\"per-class\"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th class=\"num\">support</th></tr></thead><tbody>");
        foreach (var m in metrics)
        {
            html.Append($"<tr data-class=\"{Html.Escape(m.Class)}\"><td>{Html.Escape(m.Class)}</td>")
                .Append(Bar.Cell("precision", m.Precision)).Append(Bar.Cell("recall", m.Recall)).Append(Bar.Cell("f1", m.F1))
                .Append($"<td class=\"num\">{Html.Number(m.Support, "0")}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Training images per class with a bar each, scaled to the largest class, so imbalance shows at a glance.</summary>
    public static string ClassCounts(IReadOnlyList<string> classes, IReadOnlyList<int> counts)
    {
        var total = counts.Sum();
        var largest = Math.Max(1, counts.Count == 0 ? 1 : counts.Max());
        var html = new StringBuilder($"<p>{Html.Number(total, "0")} training images in {Html.Number(counts.Count, "0")} classes.</p>");
        html.Append("<table class=\"class-counts\"><thead><tr><th>class</th><th>images</th><th class=\"num\">share</th></tr></thead><tbody>");
        for (var c = 0; c < counts.Count; c++)
        {
            var name = c < classes.Count ? classes[c] : $"class {c}";
            html.Append($"<tr data-class=\"{Html.Escape(name)}\" data-count=\"{counts[c]}\"><td>{Html.Escape(name)}</td>")
                .Append(Bar.Cell("count", (double)counts[c] / largest, Html.Number(counts[c], "0")))
                .Append($"<td class=\"num\">{Html.Percent(total == 0 ? 0 : (double)counts[c] / total)}</td></tr>");
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

    /// <summary>Settings in words, in the dictionary's order; settings with no value are left out.</summary>
    public static string Settings(IReadOnlyDictionary<string, string> settings)
    {
        var shown = settings.Where(p => !string.IsNullOrWhiteSpace(p.Value)).ToArray();
        if (shown.Length == 0)
            return "<p class=\"note\">No settings were recorded.</p>";
        var html = new StringBuilder("<table class=\"settings\"><tbody>");
        foreach (var (name, value) in shown)
            html.Append($"<tr data-key=\"{Html.Escape(name)}\"><th>{Html.Escape(SettingNames.Words(name))}</th><td>{Html.Escape(value)}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Time per phase in words ("Featurize time"), in the dictionary's order; phases with no finite time are left out.</summary>
    public static string Timings(IReadOnlyDictionary<string, double> seconds)
    {
        var shown = seconds.Where(p => double.IsFinite(p.Value)).ToArray();
        if (shown.Length == 0)
            return "<p class=\"note\">No timings were recorded.</p>";
        var html = new StringBuilder("<table class=\"timings\"><thead><tr><th>phase</th><th class=\"num\">seconds</th></tr></thead><tbody>");
        foreach (var (phase, value) in shown)
            html.Append($"<tr data-key=\"{Html.Escape(phase)}\"><th>{Html.Escape(SettingNames.Timing(phase))}</th><td class=\"num\">{Html.Number(value, "0.00")}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }
}
