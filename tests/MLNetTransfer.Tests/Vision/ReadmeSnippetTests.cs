using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Data;
using MLNetTransfer.Prediction;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

/// <summary>The library snippet of README.md, as written there (the backbone is a local file here: no network).</summary>
public class ReadmeSnippetTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void The_readme_snippet_trains_saves_and_the_saved_model_predicts_labels()
    {
        var photos = fixture.TrainFolder;
        var modelPath = fixture.Dir.Combine("readme", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        var lines = new List<string>();

        // --- README snippet starts (only BackbonePath and Featurizer added) ---
        var ml = new MLContext(seed: 1);
        var images = ImageFolderDataset.Scan(photos).ToDataView(ml);            // columns ImagePath, Label
        var data = ml.Transforms.Conversion.MapValueToKey("LabelAsKey", "Label")
            .Append(ml.Transforms.LoadRawImageBytes("Image", null, "ImagePath"))
            .Fit(images).Transform(images);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "Image",
            LabelColumnName = "LabelAsKey",
            BackbonePath = fixture.BackbonePath,
            Featurizer = fixture.Options().Featurizer,
            MetricsCallback = m => lines.Add(m.ToString()),
            ValidationSet = split.TestSet,
        };
        var pipeline = ml.MulticlassClassification.Trainers.ImageClassification(options)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(split.TrainSet);

        ml.Model.Save(model, split.TrainSet.Schema, modelPath);
        // --- README snippet ends ---

        lines.Should().Contain(l => l.StartsWith("Phase: Bottleneck Computation")).And.Contain(l => l.StartsWith("Phase: Training"));
        var loaded = new MLContext().Model.Load(modelPath, out _);
        var predicted = loaded.Transform(split.TestSet).GetColumn<string>("PredictedLabel").ToArray();
        var truth = split.TestSet.GetColumn<string>("Label").ToArray();
        predicted.Zip(truth).Count(p => p.First == p.Second).Should().BeGreaterThanOrEqualTo(truth.Length * 8 / 10);
        ImageClassifierPool.Load(modelPath).Classes.Should().Equal("blue", "green", "red");
    }
}
