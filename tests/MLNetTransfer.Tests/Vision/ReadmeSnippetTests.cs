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
    public void The_readme_snippet_trains_evaluates_on_untouched_test_images_and_the_saved_model_predicts_labels()
    {
        var photos = fixture.TrainFolder;
        var modelPath = fixture.Dir.Combine("readme", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        var lines = new List<string>();
        var printed = new List<string>();

        // --- README snippet starts (BackbonePath and Featurizer added; Console.WriteLine collected) ---
        var ml = new MLContext(seed: 1);
        var images = ImageFolderDataset.Scan(photos).ToDataView(ml);            // columns ImagePath, Label
        var data = ml.Transforms.Conversion.MapValueToKey("LabelAsKey", "Label")
            .Append(ml.Transforms.LoadRawImageBytes("Image", null, "ImagePath"))
            .Fit(images).Transform(images);
        // Test images take no part in training nor in picking the best epoch; a validation set carved from the rest does that.
        var trainTest = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var trainValidation = ml.Data.TrainTestSplit(trainTest.TrainSet, testFraction: 0.15, seed: 1);

        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "Image",
            LabelColumnName = "LabelAsKey",
            BackbonePath = fixture.BackbonePath,
            Featurizer = fixture.Options().Featurizer,
            ValidationSet = trainValidation.TestSet,                    // early stopping and the best epoch
            MetricsCallback = m => { if (m.Train?.Epoch % 10 == 0) lines.Add(m.ToString()); },  // every 10th epoch only
        };
        var classifier = ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(trainValidation.TrainSet);

        var test = ml.MulticlassClassification.Evaluate(classifier.Transform(trainTest.TestSet), labelColumnName: "LabelAsKey");
        printed.Add($"Test accuracy: {test.MicroAccuracy:P1}");

        // Apps read the predicted label as text.
        var toText = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(classifier.Transform(trainValidation.TrainSet));
        ml.Model.Save(classifier.Append(toText), trainValidation.TrainSet.Schema, modelPath);
        // --- README snippet ends ---

        var testImages = trainTest.TestSet.GetColumn<string>("ImagePath").ToHashSet();
        testImages.Should().NotBeEmpty().And.NotIntersectWith(trainValidation.TrainSet.GetColumn<string>("ImagePath"))
            .And.NotIntersectWith(trainValidation.TestSet.GetColumn<string>("ImagePath"));
        lines.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith("Phase: Training"), "no line per featurized image");
        lines.Should().HaveCountLessThanOrEqualTo(2 * (200 / 10), "two lines (train, validation) every 10th epoch at most");
        test.MicroAccuracy.Should().BeGreaterThanOrEqualTo(0.8);
        printed.Should().ContainSingle().Which.Should().StartWith("Test accuracy: ");

        var loaded = new MLContext().Model.Load(modelPath, out _);
        var predicted = loaded.Transform(trainTest.TestSet).GetColumn<string>("PredictedLabel").ToArray();
        var truth = trainTest.TestSet.GetColumn<string>("Label").ToArray();
        predicted.Zip(truth).Count(p => p.First == p.Second).Should().BeGreaterThanOrEqualTo(truth.Length * 8 / 10);
        ImageClassifierPool.Load(modelPath).Classes.Should().Equal("blue", "green", "red");
    }
}
