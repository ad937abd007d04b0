using System.Text.RegularExpressions;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>
/// Opens the written report in headless Chromium and checks what the browser made of it. Set
/// MLNETTRANSFER_REPORT_ARTIFACTS to a folder to keep the page and its screenshot for a look.
/// </summary>
public class HtmlReportBrowserTests
{
    private const int Epochs = 6;

    [ChromiumFact]
    public void Chromium_shows_the_title_tables_charts_heat_map_and_decoded_thumbnails()
    {
        using var temp = new TempDir("mlnt-report");
        var page = temp.Combine("report.html");
        HtmlReport.Write(page, ReportSamples.Build(temp.Path, epochs: Epochs));

        var dom = HeadlessChromium.DumpDom(page);

        dom.Should().Contain("<title>flowers — tiny &lt;b&gt;net&lt;/b&gt;</title>");
        dom.Should().Contain("<h1>flowers — tiny &lt;b&gt;net&lt;/b&gt;</h1>");
        // The hostile class name stayed text: the browser ran none of it and shows it escaped.
        dom.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.NotContain("<script>alert(1)</script>");
        ReportMarkup.PerClassRow(dom, "daisy").Should().Equal("0.600", "0.750", "0.667", "4");
        ReportMarkup.PerClassRow(dom, "a&amp;b \"q\"").Should().Equal("1.000", "0.750", "0.857", "4");
        foreach (var chart in new[] { "accuracy", "loss" })
        {
            var svg = ReportMarkup.Chart(dom, chart);
            ReportMarkup.Points(svg, "train").Should().HaveCount(Epochs);
            ReportMarkup.Points(svg, "validation").Should().HaveCount(Epochs);
        }
        ReportMarkup.HeatMapCounts(dom).Should().Equal(3, 1, 0, 1, 2, 0, 1, 0, 3);
        // The page's load handler counts thumbnails the browser actually decoded (naturalWidth > 0).
        Regex.Match(dom, "<body[^>]*data-thumbs-decoded=\"(\\d+)\"").Groups[1].Value
            .Should().Be(ReportSamples.ReadableMistakes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        dom.Should().Contain("image unavailable: the file does not exist");

        var screenshot = temp.Combine("report.png");
        HeadlessChromium.Screenshot(page, screenshot, 1280, 2000);

        var bytes = File.ReadAllBytes(screenshot);
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        bytes.Length.Should().BeGreaterThan(50_000, "a blank 1280x2000 page compresses to far less");
        using (var image = SkiaSharp.SKBitmap.Decode(bytes))
        {
            image.Width.Should().Be(1280);
            image.Height.Should().Be(2000);
        }
        KeepForInspection(page, screenshot);
    }

    [ChromiumFact]
    public void Chromium_shows_a_report_without_validation_and_with_one_epoch()
    {
        using var temp = new TempDir("mlnt-report");
        var page = temp.Combine("report.html");
        HtmlReport.Write(page, ReportSamples.Build(temp.Path, epochs: 1, withValidation: false));

        var dom = HeadlessChromium.DumpDom(page);

        dom.Should().Contain("No validation set was given");
        dom.Should().NotContain("class=\"heatmap\"").And.NotContain("<img");
        ReportMarkup.Points(ReportMarkup.Chart(dom, "loss"), "train").Should().ContainSingle();
        Regex.Match(dom, "<body[^>]*data-thumbs-decoded=\"(\\d+)\"").Groups[1].Value.Should().Be("0");
    }

    [ChromiumFact]
    public void Chromium_shows_every_cell_of_a_fifty_class_heat_map()
    {
        const int classes = 50;
        using var temp = new TempDir("mlnt-report");
        var page = temp.Combine("report.html");
        HtmlReport.Write(page, ReportSamples.ManyClasses(temp.Path, classes));

        var dom = HeadlessChromium.DumpDom(page);

        var counts = ReportMarkup.HeatMapCounts(dom);
        counts.Should().HaveCount(classes * classes);
        counts.Sum().Should().Be(classes * 5);
        ReportMarkup.Count(dom, "class=\"col-label\"").Should().Be(classes);
        // Every mistake is in the page (12 in view, the rest behind "show all"), not only the evaluator's first six.
        ReportMarkup.Count(dom, "image unavailable: the file does not exist").Should().Be(classes);

        var screenshot = temp.Combine("report.png");
        HeadlessChromium.Screenshot(page, screenshot, 1280, 2000);
        new FileInfo(screenshot).Length.Should().BeGreaterThan(50_000);
        KeepForInspection(page, screenshot, "fifty-classes-");
    }

    [ChromiumFact]
    public void Chromium_decodes_every_crop_and_occlusion_map_and_keeps_the_rest_behind_show_all()
    {
        using var temp = new TempDir("mlnt-report");
        var (onnx, description) = RegionClassifier.Build();
        using var explainer = MLNetTransfer.Evaluation.OcclusionExplainer.For(onnx, description);
        string[] classes = ["red corner", "other"];
        var red = temp.Combine("red.png");
        File.WriteAllBytes(red, TestImages.Solid(160, 120, SkiaSharp.SKColors.Red, SkiaSharp.SKEncodedImageFormat.Png));
        // Fifteen identical mistakes: twelve in view (two with maps), three behind "show all".
        var scored = Enumerable.Range(0, 15).Select(_ => new MLNetTransfer.Evaluation.ScoredImage(red, 1, [0.9f, 0.1f])).ToArray();
        var page = temp.Combine("report.html");
        HtmlReport.Write(page, ReportSamples.Build(temp.Path) with
        {
            Classes = classes,
            Validation = MLNetTransfer.Evaluation.ClassificationEvaluator.Evaluate(classes, scored),
            TrainClassCounts = [30, 10],
            LabelNoise = [new MLNetTransfer.Evaluation.LabelNoiseCandidate(red, 1, 0, 0.1f, 0.9f)],
            ModelInputSize = (RegionClassifier.Size, RegionClassifier.Size),
            Explainer = explainer,
            ExplainedMistakes = 2,
        });

        var dom = HeadlessChromium.DumpDom(page);

        foreach (var id in new[] { "class-counts", "label-noise", "confused-pairs", "mistakes" })
            dom.Should().Contain($"<section id=\"{id}\">", id);
        dom.Should().Contain("<summary>Show all 15 mistakes</summary>").And.Contain("<summary>Show all 1 candidates</summary>");
        // 15 mistake crops + 2 maps + 1 label-noise crop, all decoded by the browser, even those inside closed <details>.
        Regex.Match(dom, "<body[^>]*data-thumbs-decoded=\"(\\d+)\"").Groups[1].Value.Should().Be("18");
    }

    private static void KeepForInspection(string page, string screenshot, string prefix = "")
    {
        var folder = Environment.GetEnvironmentVariable("MLNETTRANSFER_REPORT_ARTIFACTS");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        File.Copy(page, Path.Combine(folder, prefix + "report.html"), overwrite: true);
        File.Copy(screenshot, Path.Combine(folder, prefix + "report.png"), overwrite: true);
    }
}
