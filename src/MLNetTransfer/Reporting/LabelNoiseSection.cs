using System.Text;
using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Reporting;

/// <summary>
/// Training images whose label the out-of-fold heads doubt, worst first: the top ones as thumbnails, all of them in a
/// table behind "show all".
/// </summary>
internal static class LabelNoiseSection
{
    public const int Shown = 12;

    public static string Render(IReadOnlyList<string> classes, IReadOnlyList<LabelNoiseCandidate> candidates, int trainCount, (int Width, int Height)? cropSize,
        ReportImages? images = null)
    {
        var html = new StringBuilder("<p class=\"note\">Each training image was scored by a head trained without it (k-fold on the bottleneck features), ")
            .Append("so a memorised wrong label cannot hide. Listed: images whose own label lost, highest loss of the given label first. ")
            .Append("Check them for wrong labels, ambiguous or off-topic photos; <code>mlnet-transfer inspect</code> writes the same list as CSV.</p>");
        if (candidates.Count == 0)
            return html.Append("<p class=\"note\">Every training image's own label won out of fold.</p>").ToString();
        html.Append(trainCount > 0
            ? $"<p>{Html.Number(candidates.Count, "0")} of {Html.Number(trainCount, "0")} training images ({Html.Percent((double)candidates.Count / trainCount)}) "
            : $"<p>{Html.Number(candidates.Count, "0")} training images ")
            .Append("are predicted as another class when left out.</p>");
        html.Append($"<div class=\"gallery\" data-candidates=\"{candidates.Count}\">");
        foreach (var candidate in candidates.Take(Shown))
        {
            html.Append(ImageCard.Render("suspect", candidate.Name,
            [
                $"<span class=\"truth\">labelled <b>{Html.Escape(ImageCard.ClassName(classes, candidate.GivenClass))}</b> ({Html.Percent(candidate.GivenProbability)})</span>",
                $"<span class=\"predicted\">looks like <b>{Html.Escape(ImageCard.ClassName(classes, candidate.PredictedClass))}</b> ({Html.Percent(candidate.PredictedProbability)})</span>",
            ], cropSize, images: images));
        }
        html.Append("</div>");
        html.Append($"<details class=\"all-suspects\"><summary>Show all {Html.Number(candidates.Count, "0")} candidates</summary>")
            .Append("<table class=\"label-noise\"><thead><tr><th>#</th><th>file</th><th>given label</th><th>predicted</th>")
            .Append("<th class=\"num\">p(given)</th><th class=\"num\">loss</th></tr></thead><tbody>");
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            html.Append($"<tr><td class=\"num\">{i + 1}</td><td class=\"path\">{Html.Escape(c.Name)}</td>")
                .Append($"<td>{Html.Escape(ImageCard.ClassName(classes, c.GivenClass))}</td><td>{Html.Escape(ImageCard.ClassName(classes, c.PredictedClass))}</td>")
                .Append($"<td class=\"num\">{Html.Number(c.GivenProbability, "0.000")}</td><td class=\"num\">{Html.Number(c.Loss, "0.00")}</td></tr>");
        }
        return html.Append("</tbody></table></details>").ToString();
    }
}
