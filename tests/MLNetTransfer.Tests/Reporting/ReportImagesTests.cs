using MLNetTransfer.Evaluation;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reporting;

public class ReportImagesTests
{
    [Fact]
    public async Task A_page_whose_pictures_two_threads_drew_ahead_equals_the_page_drawn_in_one_pass()
    {
        using var temp = new TempDir();
        var (onnx, description) = RegionClassifier.Build();
        string[] classes = ["red corner", "other"];
        var red = temp.Combine("red.png");
        File.WriteAllBytes(red, TestImages.Solid(200, 200, SKColors.Red, SKEncodedImageFormat.Png));
        var blue = temp.Combine("blue.png");
        File.WriteAllBytes(blue, TestImages.Solid(160, 120, SKColors.Blue, SKEncodedImageFormat.Png));
        // Fourteen mistakes: twelve in view (three with maps), two behind "show all", and one unreadable.
        var scored = Enumerable.Range(0, 13).Select(i => new ScoredImage(i % 2 == 0 ? red : blue, 1, [0.9f - i * 0.01f, 0.1f + i * 0.01f]))
            .Append(new ScoredImage(temp.Combine("gone.png"), 1, [0.6f, 0.4f])).ToArray();
        TrainingReportData Data(OcclusionExplainer explainer) => ReportSamples.Build(temp.Path) with
        {
            Classes = classes,
            Validation = ClassificationEvaluator.Evaluate(classes, scored),
            LabelNoise = [new LabelNoiseCandidate(blue, 1, 0, 0.1f, 0.9f), new LabelNoiseCandidate(red, 0, 1, 0.2f, 0.8f)],
            ModelInputSize = (RegionClassifier.Size, RegionClassifier.Size),
            Explainer = explainer,
            ExplainedMistakes = 3,
        };

        string inOnePass;
        using (var explainer = OcclusionExplainer.For(onnx, description))
            inOnePass = HtmlReport.Render(Data(explainer));
        string drawnAhead;
        using (var explainer = OcclusionExplainer.For(onnx, description))
        {
            var data = Data(explainer);
            var images = ReportImages.For(data);
            var helper = Task.Run(() => images.Draw());
            var draft = images.DrawAndRender();
            await helper;
            drawnAhead = draft.Complete(data.TimingsSeconds);
        }

        drawnAhead.Should().Be(inOnePass);
        ReportMarkup.Count(drawnAhead, "<img class=\"thumb heat\"").Should().Be(3);
        drawnAhead.Should().Contain("image unavailable");
    }
}
