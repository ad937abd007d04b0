using System.Text;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Images;

namespace MLNetTransfer.Reporting;

/// <summary>
/// Every wrong prediction as a thumbnail of the crop the model saw, with its predicted and true label: the most
/// confident ones in view, each with its occlusion map when an explainer is given, the rest behind "show all".
/// </summary>
internal static class MistakeGallery
{
    public const int Shown = 12;

    /// <summary>The mistakes the gallery shows, in its order (every one, most confident first).</summary>
    public static IReadOnlyList<ScoredImage> MistakesOf(EvaluationResult validation) =>
        validation.Mistakes.Count > 0 ? validation.Mistakes : validation.MostConfidentMistakes;

    /// <summary>The images and classes the gallery asks the explainer for, so they can be drawn ahead.</summary>
    public static IEnumerable<(string Path, int TargetClass)> ToExplain(EvaluationResult validation, int explained) =>
        MistakesOf(validation).Take(explained).Select(m => (m.Name, m.PredictedClass));

    /// <summary>Thumbnail size of the mistake at <paramref name="index"/>: those in view are larger than those behind "show all".</summary>
    public static int ThumbnailSize(int index) => index < Shown ? Thumbnail.DefaultLongSide : 96;

    public static string Render(IReadOnlyList<string> classes, IReadOnlyList<ScoredImage> mistakes, (int Width, int Height)? cropSize,
        OcclusionExplainer? explainer, int explained, ReportImages? images = null)
    {
        if (mistakes.Count == 0)
            return "<p class=\"note\">No validation image was misclassified.</p>";
        var html = new StringBuilder();
        if (explainer is not null && explained > 0)
        {
            html.Append("<p class=\"note\">Beside each of the first ").Append(Html.Number(Math.Min(explained, mistakes.Count), "0"))
                .Append(" mistakes, its occlusion map: where covering the image with a grey patch lowered the predicted class's probability most ")
                .Append("(red, then yellow), that is, what the wrong answer rests on.</p>");
        }
        html.Append($"<div class=\"gallery\" data-mistakes-shown=\"{Math.Min(Shown, mistakes.Count)}\">");
        for (var i = 0; i < Math.Min(Shown, mistakes.Count); i++)
            html.Append(Card(classes, mistakes[i], cropSize, i < explained ? Explain(explainer, mistakes[i]) : null, ThumbnailSize(i), images));
        html.Append("</div>");
        if (mistakes.Count > Shown)
        {
            html.Append($"<details class=\"all-mistakes\"><summary>Show all {Html.Number(mistakes.Count, "0")} mistakes</summary><div class=\"gallery small\">");
            for (var i = Shown; i < mistakes.Count; i++)
                html.Append(Card(classes, mistakes[i], cropSize, i < explained ? Explain(explainer, mistakes[i]) : null, ThumbnailSize(i), images));
            html.Append("</div></details>");
        }
        return html.ToString();
    }

    private static string Card(IReadOnlyList<string> classes, ScoredImage mistake, (int Width, int Height)? cropSize, Thumbnail? heatMap, int size,
        ReportImages? images) =>
        ImageCard.Render("mistake", mistake.Name,
        [
            $"<span class=\"predicted\">predicted <b>{Html.Escape(ImageCard.ClassName(classes, mistake.PredictedClass))}</b> ({Html.Percent(mistake.Confidence)})</span>",
            $"<span class=\"truth\">true <b>{Html.Escape(ImageCard.ClassName(classes, mistake.TrueClass))}</b> ({Html.Percent(mistake.Scores[mistake.TrueClass])})</span>",
        ], cropSize, heatMap, size, images);

    /// <summary>The map of the wrongly predicted class; an image that cannot be read again just gets none.</summary>
    private static Thumbnail? Explain(OcclusionExplainer? explainer, ScoredImage mistake)
    {
        if (explainer is null)
            return null;
        try
        {
            var map = explainer.ExplainFile(mistake.Name, mistake.PredictedClass);
            return Thumbnail.FromPixels(map.BlendedBgra(), map.Width, map.Height);
        }
        catch (Exception e) when (e is ImageDecodeException or IOException or ArgumentException)
        {
            return null;
        }
    }
}
