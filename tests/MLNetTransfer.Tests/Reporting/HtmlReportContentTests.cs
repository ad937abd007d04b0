using System.Globalization;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Reporting;

public class HtmlReportContentTests
{
    [Fact]
    public void Escapes_class_names_paths_settings_and_title()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path));

        html.Should().NotContain(ReportSamples.Script).And.NotContain(ReportSamples.Ampersand).And.NotContain("<b>net</b>");
        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.Should().Contain("a&amp;b &quot;q&quot;");
        html.Should().Contain("<title>flowers — tiny &lt;b&gt;net&lt;/b&gt;</title>");
        html.Should().Contain("bad &lt;1&gt;.jpg", "skipped paths are escaped too");
        // The page's own script is the only one.
        ReportMarkup.Count(html, "<script").Should().Be(1);
    }

    [Fact]
    public void Shows_headline_metrics_and_per_class_values()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path));

        html.Should().Contain("data-metric=\"micro-accuracy\"><div class=\"value\">72.73%</div>");
        html.Should().Contain("data-metric=\"top-3\"><div class=\"value\">100.00%</div>");
        ReportMarkup.PerClassRow(html, "daisy").Should().Equal("0.600", "0.750", "0.667", "4");
        ReportMarkup.PerClassRow(html, "&lt;script&gt;alert(1)&lt;/script&gt;").Should().Equal("0.667", "0.667", "0.667", "3");
        ReportMarkup.PerClassRow(html, "a&amp;b &quot;q&quot;").Should().Equal("1.000", "0.750", "0.857", "4");
    }

    [Fact]
    public void Formats_numbers_the_same_under_a_comma_decimal_culture()
    {
        using var temp = new TempDir();
        var data = ReportSamples.Build(temp.Path);
        var invariant = HtmlReport.Render(data);
        var saved = CultureInfo.CurrentCulture;
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            german = HtmlReport.Render(data);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        german.Should().Be(invariant);
        german.Should().Contain("72.73%").And.Contain("<td class=\"num\">12.50</td>").And.NotContain("72,73");
    }

    [Fact]
    public void Validation_sections_appear_only_with_a_validation_set()
    {
        using var temp = new TempDir();
        var with = HtmlReport.Render(ReportSamples.Build(temp.Path));
        var without = HtmlReport.Render(ReportSamples.Build(temp.Path, withValidation: false));

        foreach (var id in new[] { "confusion", "per-class", "mistakes" })
        {
            with.Should().Contain($"<section id=\"{id}\">");
            without.Should().NotContain($"<section id=\"{id}\">");
        }
        with.Should().NotContain("<section id=\"no-validation\">");
        without.Should().Contain("<section id=\"no-validation\">").And.Contain("No validation set was given");
        without.Should().NotContain("data-metric=\"micro-accuracy\"").And.Contain("data-metric=\"train-accuracy\"");
    }

    [Fact]
    public void The_train_accuracy_card_is_the_best_epochs_whose_weights_the_model_holds_numbered_from_1()
    {
        using var temp = new TempDir();
        var data = ReportSamples.Build(temp.Path, epochs: 5);
        var best = data.History[data.BestEpoch!.Value];
        best.TrainAccuracy.Should().NotBe(data.History[^1].TrainAccuracy, "the sample must tell the best epoch from the last");

        var html = HtmlReport.Render(data);

        html.Should().Contain($"train accuracy (best epoch {data.BestEpoch + 1})")
            .And.Contain($"<div class=\"value\">{Html.Percent(best.TrainAccuracy, "0.00")}</div><div class=\"label\">train accuracy");
        html.Should().Contain($"best epoch ({data.BestEpoch + 1})", "the charts' legend names the same epoch");
    }

    [Fact]
    public void Lists_skipped_files_settings_and_timings()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path));

        html.Should().Contain("<td>the file holds text, not an image</td>");
        html.Should().Contain("<tr data-key=\"backbone\"><th>Backbone</th><td>mobilenet_v1_0.75_224</td></tr>");
        html.Should().Contain("<tr data-key=\"note\"><th>Note</th><td>a&amp;b &quot;q&quot;</td></tr>");
        html.Should().Contain("<tr data-key=\"train head\"><th>Train head time</th><td class=\"num\">3.25</td></tr>");
        html.Should().Contain("Created 2025-03-04 05:06:07 UTC+00:00");
    }

    [Fact]
    public void Says_so_when_nothing_was_misclassified_or_skipped()
    {
        using var temp = new TempDir();
        var perfect = ReportSamples.Scored(temp.Path).Select(s => s with { Scores = OneHot(s.TrueClass) }).ToArray();
        var data = ReportSamples.Build(temp.Path) with
        {
            Validation = MLNetTransfer.Evaluation.ClassificationEvaluator.Evaluate(ReportSamples.Classes, perfect),
            Skipped = [],
        };

        var html = HtmlReport.Render(data);

        html.Should().Contain("No validation image was misclassified.").And.Contain("No file was skipped.");
        html.Should().NotContain("<img");
    }

    [Fact]
    public void Needs_nothing_from_outside_the_file()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path));

        html.Should().NotContainAny("http://", "https://", "<link", "@import", "src=\"file:");
        ReportMarkup.Count(html, "<img ").Should().Be(ReportMarkup.Count(html, "<img class=\"thumb\" src=\"data:image/jpeg;base64,"));
    }

    [Fact]
    public void Write_puts_the_rendered_page_in_place_and_leaves_no_temporary_file()
    {
        using var temp = new TempDir();
        var data = ReportSamples.Build(temp.Path);
        var path = temp.Combine("out", "report.html");

        HtmlReport.Write(path, data);

        File.ReadAllText(path).Should().Be(HtmlReport.Render(data));
        Directory.GetFiles(temp.Combine("out")).Should().ContainSingle();
    }

    private static float[] OneHot(int index)
    {
        var scores = new float[ReportSamples.Classes.Length];
        scores[index] = 1;
        return scores;
    }
}
