using Microsoft.ML;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>The run's warnings and the trainer's own decisions on the page, not only in metrics.json and on the console.</summary>
public class HtmlReportWarningsTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private const string SectionStart = "<section id=\"warnings\">";

    [Fact]
    public void Look_alike_class_folders_are_warned_about_near_the_top_escaped()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "data");
        // Different photos under each name, so the only warnings are about the names themselves.
        CopyClass("red", skip: 0, folder, "red & co");
        CopyClass("red", skip: 5, folder, "Red & Co");
        CopyClass("green", skip: 0, folder, "gr\u00fcn");   // NFC
        CopyClass("green", skip: 5, folder, "gru\u0308n");  // NFD, as macOS stores it
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml, folder);
        var options = fixture.Options("report-look-alike");
        options.Epoch = 5;

        var model = new ImageClassificationTrainer(ml, options).Train(train);
        var html = HtmlReport.Render(TrainingReportData.From(model, title: "look-alikes"));

        model.Warnings.Should().HaveCount(2);
        var section = ReportMarkup.Section(html, "warnings");
        section.Should().Contain("<h2>Warnings and notes</h2>");
        section.Should().Contain("&#39;Red &amp; Co&#39;").And.Contain("&#39;red &amp; co&#39;").And.Contain("differ only by letter case");
        section.Should().Contain("Unicode normalisation (NFC/NFD)");
        html.Should().NotContain("'Red & Co'", "class names in warnings are HTML-escaped like everywhere else");
        ReportMarkup.Count(section, "<li class=\"warning\">").Should().Be(2);
        html.IndexOf(SectionStart, StringComparison.Ordinal).Should().BeLessThan(
            html.IndexOf("<section id=\"curves\">", StringComparison.Ordinal), "warnings come before the charts");
    }

    [Fact]
    public void A_run_without_warnings_or_notes_has_no_warnings_section()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);

        var model = new ImageClassificationTrainer(ml, fixture.Options("report-no-warnings")).Train(train);
        var html = HtmlReport.Render(TrainingReportData.From(model));

        model.Warnings.Should().BeEmpty();
        model.Training.EarlyStoppingFallback.Should().BeNull();
        model.Refit.Should().BeNull();
        html.Should().NotContain(SectionStart).And.NotContain("Warnings and notes");
    }

    [Fact]
    public void The_early_stopping_fallback_and_the_refit_are_noted()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = fixture.Options("report-refit-notes");
        // Six held-out photos: too few for accuracy, so early stopping watches the loss; then the head is refit on all 30.
        options.ValidationSetFraction = 0.2f;
        options.RefitOnAllData = true;

        var model = new ImageClassificationTrainer(ml, options).Train(train);
        var section = ReportMarkup.Section(HtmlReport.Render(TrainingReportData.From(model)), "warnings");

        model.Training.EarlyStoppingFallback.Should().NotBeNull();
        model.Refit.Should().NotBeNull();
        section.Should().Contain(model.Training.EarlyStoppingFallback).And.Contain("validation photo(s) are fewer than");
        section.Should().Contain(model.Refit!.Note).And.Contain("Refit on all 30 photos");
        ReportMarkup.Count(section, "<li class=\"warning\">").Should().Be(0, "notes are not warnings");
    }

    [Fact]
    public void Warnings_and_notes_given_directly_are_escaped()
    {
        using var temp = new TempDir();
        var data = ReportSamples.Build(temp.Path) with
        {
            Warnings = [$"Class {ReportSamples.Script} has one image"],
            Notes = [ReportSamples.Ampersand],
        };

        var html = HtmlReport.Render(data);

        var section = ReportMarkup.Section(html, "warnings");
        section.Should().Contain("Class &lt;script&gt;alert(1)&lt;/script&gt; has one image").And.Contain("a&amp;b &quot;q&quot;");
        ReportMarkup.Count(html, "<script").Should().Be(1, "the page's own script is the only one");
        HtmlReport.Render(ReportSamples.Build(temp.Path)).Should().NotContain(SectionStart);
    }

    private void CopyClass(string from, int skip, string folder, string to)
    {
        var target = Directory.CreateDirectory(Path.Combine(folder, to)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(fixture.TrainFolder, from)).Order().Skip(skip).Take(5))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }
}
