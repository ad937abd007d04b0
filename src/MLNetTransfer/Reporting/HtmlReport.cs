using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>
/// Renders a training run as one self-contained HTML page: inline CSS, SVG charts drawn here, thumbnails as data
/// URIs, no external resource of any kind. Every user-provided string is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    public static string Render(TrainingReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var validation = data.Validation;
        var thumbnails = validation?.MostConfidentMistakes.Count ?? 0;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{Html.Escape(data.Title)}</title><style>{ReportStyle.Css}</style></head>\n")
            .Append($"<body data-thumbs=\"{thumbnails}\"><main>\n");

        html.Append($"<header><h1>{Html.Escape(data.Title)}</h1>")
            .Append($"<p class=\"created\">Created {Html.Escape(data.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", System.Globalization.CultureInfo.InvariantCulture))}")
            .Append($" · {Html.Number(data.Classes.Count, "0")} classes</p>")
            .Append(HeadlineMetrics.Render(validation, data.History, data.BestEpoch))
            .Append("</header>\n");

        Section(html, "curves", "Training curves", TrainingCurves.Render(data.History, data.BestEpoch));
        if (validation is null)
        {
            Section(html, "no-validation", "Validation",
                "<p class=\"note\">No validation set was given, so there are no validation metrics, confusion matrix, per-class table or mistakes to show.</p>");
        }
        else
        {
            Section(html, "confusion", "Confusion matrix (validation)",
                "<p class=\"note\">Rows are true classes, columns predicted ones; shading is the share of the row, numbers are counts.</p>" +
                $"<div class=\"heatmap-wrap\">{ConfusionHeatMap.Render(validation.Classes, validation.ConfusionMatrix)}</div>");
            Section(html, "per-class", "Per-class metrics (validation)", ReportTables.PerClass(validation.PerClass));
            Section(html, "mistakes", "Most confident mistakes (validation)", MistakeGallery.Render(validation.Classes, validation.MostConfidentMistakes));
        }
        Section(html, "skipped", "Skipped files", ReportTables.Skipped(data.Skipped));
        Section(html, "settings", "Settings", ReportTables.Settings(data.Settings));
        Section(html, "timings", "Timings", ReportTables.Timings(data.TimingsSeconds));

        html.Append($"</main><script>{ReportStyle.Script}</script></body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the page so that a reader never sees half of it.</summary>
    public static void Write(string path, TrainingReportData data) => AtomicFile.WriteAllText(path, Render(data));

    private static void Section(StringBuilder html, string id, string heading, string body) =>
        html.Append($"<section id=\"{id}\"><h2>{Html.Escape(heading)}</h2>{body}</section>\n");
}
