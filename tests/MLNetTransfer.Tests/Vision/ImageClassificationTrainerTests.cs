using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

public class ImageClassificationTrainerTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void Trains_through_the_catalog_and_predicts_held_out_images()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);

        var pipeline = ml.MulticlassClassification.Trainers.ImageClassification(fixture.Options())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedText", "PredictedLabel"));
        var model = pipeline.Fit(train);
        var scored = model.Transform(validation);
        var metrics = ml.MulticlassClassification.Evaluate(scored, labelColumnName: "LabelKey");

        metrics.MicroAccuracy.Should().BeGreaterThan(0.9);
        var truth = scored.GetColumn<string>("Label").ToArray();
        var predicted = scored.GetColumn<string>("PredictedText").ToArray();
        predicted.Zip(truth).Count(p => p.First == p.Second).Should().BeGreaterThan(truth.Length * 9 / 10);
        scored.GetColumn<float[]>("Score").First().Sum().Should().BeApproximately(1f, 1e-4f);
    }

    [Fact]
    public void Saved_model_loads_in_a_fresh_context_and_gives_identical_scores()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Fit(train);
        var path = fixture.Dir.Combine("saved", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ml.Model.Save(model, train.Schema, path);

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(path, out _);

        var expected = model.Transform(validation).GetColumn<float[]>("Score").ToArray();
        var actual = loaded.Transform(validation).GetColumn<float[]>("Score").ToArray();
        actual.Should().HaveCount(expected.Length);
        for (var i = 0; i < expected.Length; i++)
            actual[i].Should().Equal(expected[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
        loaded.Transform(validation).GetColumn<uint>("PredictedLabel").Should()
            .Equal(model.Transform(validation).GetColumn<uint>("PredictedLabel"));
    }

    [Fact]
    public void Exported_onnx_under_plain_onnx_runtime_gives_the_pipeline_scores()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var result = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        var exported = fixture.Dir.Combine("export", "classifier.onnx");
        result.ExportOnnx(exported);

        var description = Scoring.ClassifierDescription.FromJson(File.ReadAllText(Path.ChangeExtension(exported, ".json")), exported);
        description.Classes.Should().Equal(result.ClassNames);
        var preprocessing = new ImagePreprocessing(ml, description.Input.Height, description.Input.Width);
        var paths = validation.GetColumn<string>("ImagePath").ToArray();
        var pixels = new float[paths.Length * preprocessing.PixelCount];
        preprocessing.Extract(paths.Select(p => ImageDecoder.Decode(File.ReadAllBytes(p), preprocessing.DecodeOptions)).ToList(), pixels);

        using var session = new InferenceSession(exported);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [paths.Length, 3, description.Input.Height, description.Input.Width]);
        using var outputs = session.Run(new RunOptions(), [description.Input.Name], [input], ["Score"]);
        var onnxScores = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        var pipelineScores = result.Transformer.Transform(validation).GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < paths.Length; i++)
        {
            onnxScores.AsSpan(i * result.ClassNames.Count, result.ClassNames.Count).ToArray()
                .Should().Equal(pipelineScores[i], (a, b) => Math.Abs(a - b) <= 1e-5f, paths[i]);
        }
    }

    [Fact]
    public void The_trainers_validation_metrics_equal_mlnet_evaluating_the_saved_pipeline()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);

        var result = new ImageClassificationTrainer(ml, fixture.Options()).Train(train, validation);
        var mlnet = ml.MulticlassClassification.Evaluate(result.Transformer.Transform(validation), labelColumnName: "LabelKey");

        result.Validation.Should().NotBeNull();
        result.Validation!.Count.Should().Be(15);
        result.Validation.MicroAccuracy.Should().BeApproximately(mlnet.MicroAccuracy, 1e-9);
        result.Validation.MacroAccuracy.Should().BeApproximately(mlnet.MacroAccuracy, 1e-9);
        result.Validation.LogLoss.Should().BeApproximately(mlnet.LogLoss, 1e-4);
    }

    [Fact]
    public void Same_seed_gives_the_same_model_and_another_seed_does_not()
    {
        float[] Weights(int seed)
        {
            var ml = new MLContext(seed: seed);
            var (train, _) = fixture.Load(ml);
            var options = fixture.Options();
            options.ValidationSetFraction = 0.2f;
            return new ImageClassificationTrainer(ml, options).Train(train).Training.Head.Weights;
        }

        Weights(7).Should().Equal(Weights(7));
        Weights(7).Should().NotEqual(Weights(8));
    }

    [Fact]
    public void Training_features_equal_the_saved_model_scoring_features()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = fixture.Options();
        var result = new ImageClassificationTrainer(ml, options).Train(train);

        // The bottlenecks training used, straight from the featurizer with the same settings.
        var spec = MLNetTransfer.Backbones.BackboneSpec.Load(MLNetTransfer.Backbones.BackboneSpec.SidecarPathFor(fixture.BackbonePath));
        using var featurizer = new BottleneckFeaturizer(ml, fixture.BackbonePath, spec, options.Featurizer);
        var paths = train.GetColumn<string>("ImagePath").ToArray();
        var features = featurizer.Featurize(paths.Select((p, i) => ImageInput.FromFile(i, p))).Features;

        var scores = result.Transformer.Transform(train).GetColumn<float[]>("Score").ToArray();
        var expected = new float[result.ClassNames.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            result.Training.Head.Score(features.AsSpan(i * featurizer.FeatureCount, featurizer.FeatureCount), expected);
            scores[i].Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f, paths[i]);
        }
    }

    [Fact]
    public void Unchanged_images_come_from_the_cache_and_changed_or_damaged_ones_are_recomputed()
    {
        var ml = new MLContext(seed: 1);
        var folder = CopyOf(fixture.TrainFolder, fixture.Dir.Combine("cache-train"));
        var options = fixture.Options(cacheName: "cache-test");
        var (first, _) = fixture.Load(ml, folder);
        var cold = new ImageClassificationTrainer(ml, options).Train(first).TrainFeaturize;

        var (second, _) = fixture.Load(ml, folder);
        var warm = new ImageClassificationTrainer(ml, options).Train(second).TrainFeaturize;

        var changed = Directory.GetFiles(Path.Combine(folder, "red")).Order().First();
        File.WriteAllBytes(changed, TestImages.Pattern(64, 64, seed: 99));
        var entry = Directory.GetFiles(fixture.Dir.Combine("cache-test"), "*.bin", SearchOption.AllDirectories).Order().First();
        var damaged = File.ReadAllBytes(entry);
        damaged[20] ^= 0xFF;
        File.WriteAllBytes(entry, damaged);
        var (third, _) = fixture.Load(ml, folder);
        var after = new ImageClassificationTrainer(ml, options).Train(third).TrainFeaturize;

        cold.Computed.Should().Be(30);
        cold.FromCache.Should().Be(0);
        warm.Computed.Should().Be(0);
        warm.FromCache.Should().Be(30);
        after.Computed.Should().BeInRange(1, 2, "the changed image and the damaged entry are recomputed (they may be the same)");
        after.FromCache.Should().Be(30 - after.Computed);
    }

    [Fact]
    public void A_bad_image_is_reported_by_name_and_skipped_while_training_goes_on()
    {
        var ml = new MLContext(seed: 1);
        var folder = CopyOf(fixture.TrainFolder, fixture.Dir.Combine("bad-train"));
        var bad = Path.Combine(folder, "green", "broken.jpg");
        File.WriteAllText(bad, "not really a photo");
        var reported = new List<SkippedImage>();
        var options = fixture.Options();
        options.SkippedImageCallback = reported.Add;
        options.ImageNameColumnName = "ImagePath";
        var (train, _) = fixture.Load(ml, folder);

        var result = new ImageClassificationTrainer(ml, options).Train(train);

        result.SkippedImages.Should().ContainSingle().Which.Should().Be(new SkippedImage(bad, "the file holds text, not an image"));
        reported.Should().Equal(result.SkippedImages);
        (result.TrainFeaturize.Computed + result.TrainFeaturize.FromCache).Should().Be(30);
    }

    [Fact]
    public void An_image_path_column_works_as_well_as_bytes()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var options = fixture.Options();
        options.FeatureColumnName = "ImagePath";

        var model = new ImageClassificationTrainer(ml, options).Fit(train);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation), labelColumnName: "LabelKey");

        metrics.MicroAccuracy.Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void A_label_that_is_not_a_key_gets_a_message_saying_what_to_add()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = fixture.Options();
        options.LabelColumnName = "Label";

        var act = () => new ImageClassificationTrainer(ml, options).Fit(train);

        act.Should().Throw<ArgumentException>().WithMessage("*'Label'*must be a key type*MapValueToKey*");
    }

    private static string CopyOf(string source, string destination)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        return destination;
    }
}
