using Microsoft.ML;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>The report as a library call: a model just trained, its own validation metrics, one line.</summary>
public class HtmlReportFromModelTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void A_trained_model_writes_its_report_with_class_counts_and_the_label_check()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var options = fixture.Options("report-from-model");
        options.LabelNoiseFolds = 5;
        var model = new ImageClassificationTrainer(ml, options).Train(train, validation);
        var path = fixture.Dir.Combine("report-from-model", "report.html");

        HtmlReport.Write(path, model, title: "colours");

        model.TrainClassCounts.Should().Equal(10, 10, 10);
        model.LabelNoise.Should().NotBeNull();
        var html = File.ReadAllText(path);
        html.Should().Contain("<h1>colours</h1>").And.Contain("<section id=\"curves\">").And.Contain("<section id=\"label-noise\">");
        html.Should().Contain("30 training images in 3 classes.").And.Contain("<section id=\"per-class\">");
    }

    [Fact]
    public void Without_folds_the_trainer_skips_the_label_check()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);

        var model = new ImageClassificationTrainer(ml, fixture.Options("no-label-check")).Train(train);

        model.LabelNoise.Should().BeNull();
        HtmlReport.Render(TrainingReportData.From(model)).Should().NotContain("<section id=\"label-noise\">");
    }
}
