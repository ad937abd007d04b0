using System.Text;
using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Reporting;

/// <summary>The most confidently wrong images as thumbnails, each with its predicted and true label.</summary>
internal static class MistakeGallery
{
    public static string Render(IReadOnlyList<string> classes, IReadOnlyList<ScoredImage> mistakes)
    {
        if (mistakes.Count == 0)
            return "<p class=\"note\">No validation image was misclassified.</p>";
        var html = new StringBuilder("<div class=\"gallery\">");
        foreach (var mistake in mistakes)
        {
            var thumbnail = Thumbnail.FromFile(mistake.Name);
            var fileName = Html.Escape(SafeFileName(mistake.Name));
            html.Append($"<figure class=\"mistake\" title=\"{Html.Escape(mistake.Name)}\">");
            html.Append(thumbnail.DataUri is { } uri
                ? $"<img class=\"thumb\" src=\"{uri}\" alt=\"{fileName}\">"
                : $"<div class=\"thumb-missing\">image unavailable: {Html.Escape(thumbnail.Failure)}</div>");
            html.Append("<figcaption>")
                .Append($"<span class=\"predicted\">predicted <b>{Html.Escape(ClassName(classes, mistake.PredictedClass))}</b> ")
                .Append($"({Html.Percent(mistake.Confidence)})</span>")
                .Append($"<span class=\"truth\">true <b>{Html.Escape(ClassName(classes, mistake.TrueClass))}</b></span>")
                .Append($"<span class=\"file\">{fileName}</span>")
                .Append("</figcaption></figure>");
        }
        return html.Append("</div>").ToString();
    }

    private static string ClassName(IReadOnlyList<string> classes, int index) =>
        index >= 0 && index < classes.Count ? classes[index] : $"class {index}";

    private static string SafeFileName(string name)
    {
        var file = Path.GetFileName(name);
        return string.IsNullOrEmpty(file) ? name : file;
    }
}
