using System.Text.RegularExpressions;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Training;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>The sections that find mistakes: every mistake, confused pairs, bars, class counts, label noise, overfitting, crops, occlusion maps.</summary>
public class HtmlReportFindingsTests
{
    [Fact]
    public void Every_mistake_is_in_the_page_the_first_twelve_in_view_the_rest_behind_show_all()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.ManyClasses(temp.Path, 50));

        ReportMarkup.Count(html, "<figure class=\"mistake\"").Should().Be(50);
        html.Should().Contain("data-mistakes-shown=\"12\"");
        var details = Regex.Match(html, "<details class=\"all-mistakes\"><summary>Show all 50 mistakes</summary>(.*?)</details>", RegexOptions.Singleline);
        details.Success.Should().BeTrue();
        ReportMarkup.Count(details.Groups[1].Value, "<figure class=\"mistake\"").Should().Be(38);
    }

    [Fact]
    public void Most_confused_pairs_are_listed_largest_first_with_their_share()
    {
        using var temp = new TempDir();
        var data = ReportSamples.Build(temp.Path);
        // One more daisy taken for the second class makes that pair the largest.
        var scored = ReportSamples.Scored(temp.Path).Append(new ScoredImage("d4.jpg", 0, [0.1f, 0.8f, 0.1f])).ToArray();
        var html = HtmlReport.Render(data with { Validation = ClassificationEvaluator.Evaluate(ReportSamples.Classes, scored) });

        var pairs = Regex.Matches(html, "<tr class=\"pair\" data-true=\"([^\"]*)\" data-predicted=\"([^\"]*)\" data-count=\"(\\d+)\">")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToArray();
        pairs.Should().Equal(
            ("daisy", "&lt;script&gt;alert(1)&lt;/script&gt;", "2"),
            ("&lt;script&gt;alert(1)&lt;/script&gt;", "daisy", "1"),
            ("a&amp;b &quot;q&quot;", "daisy", "1"));
        html.Should().Contain("<td class=\"num\">40.0%</td>", "2 of the 5 daisies");
    }

    [Fact]
    public void Per_class_metrics_are_drawn_as_bars_as_long_as_the_value()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path));

        var row = Regex.Match(html, "<tr data-class=\"daisy\">(.*?)</tr>").Groups[1].Value;
        row.Should().Contain("data-precision=\"0.6\"><span class=\"bar\"><span class=\"fill\" style=\"width:60%\">");
        row.Should().Contain("data-recall=\"0.75\"><span class=\"bar\"><span class=\"fill\" style=\"width:75%\">");
    }

    [Fact]
    public void Training_class_counts_show_as_bars_scaled_to_the_largest_class()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path) with { TrainClassCounts = [40, 10, 0] });

        html.Should().Contain("<section id=\"class-counts\">").And.Contain("50 training images in 3 classes.");
        html.Should().Contain("data-count=\"10\"><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class=\"bar-cell\" data-count=\"0.25\">");
        html.Should().Contain("<td class=\"num\">20.0%</td>");
        HtmlReport.Render(ReportSamples.Build(temp.Path)).Should().NotContain("<section id=\"class-counts\">");
    }

    [Fact]
    public void Label_noise_candidates_are_shown_worst_first_and_all_listed()
    {
        using var temp = new TempDir();
        var jpeg = ReportSamples.Scored(temp.Path)[3].Name;
        var candidates = Enumerable.Range(0, 15)
            .Select(i => new LabelNoiseCandidate(i == 0 ? jpeg : $"train/{i}.jpg", 0, 1, 0.3f - i * 0.01f, 0.6f))
            .OrderByDescending(c => c.Loss).ToArray();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path) with { LabelNoise = candidates, TrainClassCounts = [100, 50, 50] });

        html.Should().Contain("<section id=\"label-noise\">").And.Contain("15 of 200 training images (7.5%)");
        ReportMarkup.Count(html, "<figure class=\"suspect\"").Should().Be(12);
        var rows = Regex.Matches(html, "<tr><td class=\"num\">(\\d+)</td><td class=\"path\">([^<]*)</td>").Select(m => m.Groups[2].Value).ToArray();
        rows.Should().Equal(candidates.Select(c => Html.Escape(c.Name)));
        html.Should().Contain("labelled <b>daisy</b> (16.0%)", "the worst candidate's given-label probability");
    }

    [Fact]
    public void Overfitting_is_named_with_what_helps_only_when_it_happened()
    {
        using var temp = new TempDir();
        var overfit = new[] { 0.5f, 0.4f, 0.45f, 0.55f }
            .Select((loss, e) => new EpochRecord(e, 0.01f, e == 0 ? 0.9f : 1f, 0.1f, 0.8f, loss)).ToArray();

        var html = HtmlReport.Render(ReportSamples.Build(temp.Path) with { History = overfit, BestEpoch = 1 });

        html.Should().Contain("<div class=\"callout warning\" id=\"overfitting\">");
        html.Should().Contain("Overfitting: training accuracy reached 100% at epoch 2 while validation loss rose from 0.400 (epoch 2) to 0.550 (epoch 4).");
        html.Should().Contain("<li>label smoothing (--label-smoothing 0.1)</li>");
        HtmlReport.Render(ReportSamples.Build(temp.Path)).Should().NotContain("id=\"overfitting\"");
    }

    [Fact]
    public void Empty_settings_are_left_out_and_keys_read_as_words()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path) with
        {
            Settings = new Dictionary<string, string> { ["learningRate"] = "0.01", ["mirror"] = "", ["cacheDir"] = " " },
            TimingsSeconds = new Dictionary<string, double> { ["featurizeSeconds"] = 2, ["saveSeconds"] = double.NaN },
        });

        html.Should().Contain("<th>Learning rate</th><td>0.01</td>").And.Contain("<th>Featurize time</th>");
        html.Should().NotContain("mirror").And.NotContain("Mirror").And.NotContain("Cache folder").And.NotContain("Save time");
    }

    [Fact]
    public void Thumbnails_show_the_centre_crop_the_model_sees()
    {
        using var temp = new TempDir();
        var data = ReportSamples.Build(temp.Path);

        var whole = FirstThumbnail(HtmlReport.Render(data));
        var crop = FirstThumbnail(HtmlReport.Render(data with { ModelInputSize = (96, 96) }));

        // The first mistake is a 300x200 JPEG: whole, it keeps its shape; as the model sees it, it is the square centre.
        (whole.Width, whole.Height).Should().Be((128, 85));
        (crop.Width, crop.Height).Should().Be((96, 96));
    }

    [Fact]
    public void The_first_mistakes_get_occlusion_maps_from_the_classifier()
    {
        using var temp = new TempDir();
        var (onnx, description) = RegionClassifier.Build();
        using var explainer = OcclusionExplainer.For(onnx, description);
        string[] classes = ["red corner", "other"];
        var red = temp.Combine("red.png");
        File.WriteAllBytes(red, TestImages.Solid(200, 200, SKColors.Red, SKEncodedImageFormat.Png));
        ScoredImage[] scored = [new(red, 1, [0.9f, 0.1f]), new(red, 1, [0.8f, 0.2f]), new("right.jpg", 0, [0.9f, 0.1f])];
        var data = ReportSamples.Build(temp.Path) with
        {
            Classes = classes,
            Validation = ClassificationEvaluator.Evaluate(classes, scored),
            ModelInputSize = (RegionClassifier.Size, RegionClassifier.Size),
            Explainer = explainer,
            ExplainedMistakes = 1,
        };

        var html = HtmlReport.Render(data);

        ReportMarkup.Count(html, "<img class=\"thumb heat\" src=\"data:image/jpeg;base64,").Should().Be(1);
        ReportMarkup.Count(html, "<figure class=\"mistake explained\"").Should().Be(1);
        ReportMarkup.Count(html, "<figure class=\"mistake\"").Should().Be(1);
    }

    private static SKBitmap FirstThumbnail(string html)
    {
        var uri = Regex.Match(html, "<img class=\"thumb\" src=\"data:image/jpeg;base64,([^\"]+)\"").Groups[1].Value;
        return SKBitmap.Decode(Convert.FromBase64String(uri));
    }
}
