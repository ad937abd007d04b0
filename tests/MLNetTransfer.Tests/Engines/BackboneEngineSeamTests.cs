using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Backbones;
using MLNetTransfer.Images;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Engines;

/// <summary>The trainer's IBackboneEngine seam, with an engine written here (no libtorch needed).</summary>
public class BackboneEngineSeamTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void Head_only_on_an_engine_gives_the_onnx_runtime_paths_model_and_skips_the_same_images()
    {
        var folder = TestDatasets.ColourClasses(fixture.Dir.Combine("engine-head", "train"), perClass: 6, seed: 5);
        File.WriteAllText(Path.Combine(folder, "red", "broken.jpg"), "this is not a JPEG");
        var engine = new OnnxRuntimeTestEngine();

        var normal = Train(folder, options => options.ValidationSetFraction = 0.2f);
        var viaEngine = Train(folder, options =>
        {
            options.ValidationSetFraction = 0.2f;
            options.Engine = engine;
        });

        engine.FeaturizeCalls.Should().Be(1, "the train set is featurized once, with no bottleneck cache");
        viaEngine.SkippedImages.Should().Equal(normal.SkippedImages);
        viaEngine.SkippedImages.Should().ContainSingle(s => s.Name.EndsWith("broken.jpg"));
        viaEngine.Training.Head.Weights.Should().Equal(normal.Training.Head.Weights, (a, b) => Math.Abs(a - b) <= 1e-4f);
        viaEngine.Training.History.Should().HaveCount(normal.Training.History.Count);
        viaEngine.Validation!.MicroAccuracy.Should().Be(normal.Validation!.MicroAccuracy);
        viaEngine.TrainFeaturize.FromCache.Should().Be(0);
        viaEngine.TrainFeaturize.Skipped.Should().Be(1);
    }

    [Fact]
    public void Fine_tuning_saves_a_model_and_an_onnx_that_carry_the_engines_backbone_and_head()
    {
        var engine = new OnnxRuntimeTestEngine();
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var options = fixture.Options("cache-finetune");
        options.Engine = engine;
        options.UnfrozenBlocks = 1;
        options.Epoch = 3;
        options.ValidationSetFraction = 0.2f;
        var model = new ImageClassificationTrainer(ml, options).Train(train);

        var request = engine.FineTuneRequests.Should().ContainSingle().Subject;
        request.UnfrozenBlocks.Should().Be(1);
        request.Epochs.Should().Be(3);
        request.Labels.Should().HaveCount(24, "30 images, 20% of each class held out");
        var spec = BackboneSpec.Load(BackboneSpec.SidecarPathFor(fixture.BackbonePath));
        var preprocessing = new ImagePreprocessing(ml, spec);
        request.Pixels.Should().HaveCount(24 * preprocessing.PixelCount);
        model.Training.History.Should().HaveCount(3);
        model.Validation!.Count.Should().Be(6);

        // Reference: ONNX Runtime on the engine's backbone with the engine's head.
        var tuned = OnnxRuntimeTestEngine.TunedBackbone(File.ReadAllBytes(fixture.BackbonePath));
        var head = model.Training.Head;
        var reference = BackboneGraphBuilder.BuildClassifier(tuned, spec, head.Weights, head.Bias, head.ClassCount, "reference");
        var original = BackboneGraphBuilder.BuildClassifier(File.ReadAllBytes(fixture.BackbonePath), spec, head.Weights, head.Bias, head.ClassCount, "original");
        var paths = validation.GetColumn<string>("ImagePath").ToArray();
        var pixels = new float[paths.Length * preprocessing.PixelCount];
        preprocessing.Extract(paths.Select(p => ImageDecoder.Decode(File.ReadAllBytes(p), preprocessing.DecodeOptions)).ToList(), pixels);
        var expected = OnnxRuntimeTestEngine.Run(reference, pixels, paths.Length, spec, BackboneGraphBuilder.ScoreOutput);
        var untuned = OnnxRuntimeTestEngine.Run(original, pixels, paths.Length, spec, BackboneGraphBuilder.ScoreOutput);
        expected.Zip(untuned, (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(1e-3f, "the tuned backbone changes the scores");

        var exported = fixture.Dir.Combine("engine-export", "classifier.onnx");
        model.ExportOnnx(exported);
        OnnxRuntimeTestEngine.Run(File.ReadAllBytes(exported), pixels, paths.Length, spec, BackboneGraphBuilder.ScoreOutput)
            .Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f);

        var zip = fixture.Dir.Combine("engine-export", "model.zip");
        model.Save(ml, train.Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);
        var scores = loaded.Transform(validation).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        scores.Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public void Unfrozen_blocks_without_an_engine_is_refused_saying_what_is_needed()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var options = fixture.Options();
        options.UnfrozenBlocks = 2;
        var act = () => new ImageClassificationTrainer(ml, options).Train(train);
        act.Should().Throw<ArgumentException>().WithMessage("*needs an Engine*");
    }

    private ImageClassificationModel Train(string folder, Action<ImageClassificationTrainer.Options> configure)
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml, folder);
        var options = fixture.Options("cache-engine-head");
        options.Epoch = 10;
        configure(options);
        return new ImageClassificationTrainer(ml, options).Train(train);
    }
}
