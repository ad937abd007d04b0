using Microsoft.ML;
using MLNetTransfer.Prediction;
using MLNetTransfer.Scoring;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Prediction;

/// <summary>The pool loaded from an exported classifier (model.onnx + model.json) runs ONNX Runtime directly.</summary>
public class OnnxClassifierPoolTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private (string Zip, string Onnx) SavedAndExported(string folder)
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var result = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        var zip = fixture.Dir.Combine(folder, "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        ml.Model.Save(result.Transformer, train.Schema, zip);
        var onnx = fixture.Dir.Combine(folder, "model.onnx");
        result.ExportOnnx(onnx);
        return (zip, onnx);
    }

    [Fact]
    public void Gives_the_scores_of_the_saved_mlnet_model()
    {
        var (zip, onnx) = SavedAndExported("onnx-pool");
        var fromZip = ImageClassifierPool.Load(zip);
        var fromOnnx = ImageClassifierPool.Load(onnx);
        var files = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order().ToArray();

        fromOnnx.Classes.Should().Equal(fromZip.Classes);
        fromOnnx.ReadsPaths.Should().BeFalse();
        var parallel = new ImagePrediction[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = fromOnnx.PredictFile(files[i]));
        for (var i = 0; i < files.Length; i++)
        {
            var expected = fromZip.PredictFile(files[i]);
            parallel[i].PredictedLabel.Should().Be(expected.PredictedLabel, files[i]);
            parallel[i].Scores.Should().Equal(expected.Scores, (a, b) => Math.Abs(a - b) <= 1e-5f, files[i]);
        }
    }

    [Fact]
    public void A_bad_image_gets_its_name_and_reason()
    {
        var (_, onnx) = SavedAndExported("onnx-pool-bad");
        var pool = ImageClassifierPool.Load(onnx);
        var bad = fixture.Dir.Combine("onnx-pool-bad", "notes.jpg");
        File.WriteAllText(bad, "hello");

        var act = () => pool.PredictFile(bad);

        act.Should().Throw<ImagePredictionException>()
            .Which.Should().Match<ImagePredictionException>(e => e.Name == bad && e.Reason.Contains("text, not an image"));
    }

    [Fact]
    public void A_classifier_exported_with_another_resize_is_refused_with_the_reason()
    {
        var (_, onnx) = SavedAndExported("onnx-pool-old");
        var descriptionPath = Path.ChangeExtension(onnx, ".json");
        var description = ClassifierDescription.FromJson(File.ReadAllText(descriptionPath), descriptionPath);
        File.WriteAllText(descriptionPath, (description with { Input = description.Input with { Resize = "ML.NET ResizeImages IsoCrop" } }).ToJson());

        var act = () => ImageClassifierPool.Load(onnx);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{onnx}'*resize*model.zip*");
    }

    [Fact]
    public void A_missing_description_is_named()
    {
        var (_, onnx) = SavedAndExported("onnx-pool-nojson");
        File.Delete(Path.ChangeExtension(onnx, ".json"));

        var act = () => ImageClassifierPool.Load(onnx);

        act.Should().Throw<FileNotFoundException>().WithMessage("*model.json*");
    }

    [Fact]
    public void Every_loader_refuses_a_folder_whose_files_are_not_the_ones_its_manifest_lists_and_names_the_file()
    {
        var (zip, onnx) = SavedAndExported("manifest-pool");
        var folder = Path.GetDirectoryName(zip)!;
        var json = Path.ChangeExtension(onnx, ".json");
        ModelManifest.Describe(folder, "run-a", ["model.zip", "model.onnx", "model.json"]).Write(folder);

        ImageClassifierPool.Load(zip).Classes.Should().NotBeEmpty();
        ImageClassifierPool.Load(onnx).Classes.Should().NotBeEmpty();

        // A model.json of another run (here: the same content, rewritten) beside this run's model.onnx.
        File.WriteAllText(json, File.ReadAllText(json) + " ");
        var loadOnnx = () => ImageClassifierPool.Load(onnx);
        var explain = () => MLNetTransfer.Evaluation.OcclusionExplainer.Load(onnx);
        foreach (var load in new Func<object>[] { loadOnnx, explain })
        {
            load.Should().Throw<InvalidDataException>()
                .Which.Message.Should().Contain(folder).And.Contain("'model.json'").And.Contain("run-a");
        }
        ImageClassifierPool.Load(zip).Classes.Should().NotBeEmpty("model.zip is still the run's own");

        File.AppendAllText(zip, "x");
        var loadZip = () => ImageClassifierPool.Load(zip);
        loadZip.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(folder).And.Contain("'model.zip'");
    }

    [Fact]
    public void A_folder_without_a_manifest_loads_as_before()
    {
        var (zip, onnx) = SavedAndExported("no-manifest-pool");

        File.Exists(Path.Combine(Path.GetDirectoryName(zip)!, ModelManifest.FileName)).Should().BeFalse();
        ImageClassifierPool.Load(zip).Classes.Should().NotBeEmpty();
        ImageClassifierPool.Load(onnx).Classes.Should().NotBeEmpty();
    }
}
