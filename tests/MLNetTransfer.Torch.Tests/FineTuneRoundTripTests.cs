using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.FineTuning;
using MLNetTransfer.Torch.Tests.Support;

namespace MLNetTransfer.Torch.Tests;

/// <summary>Fine-tuned weights go back into the ONNX, and ONNX Runtime then computes what the engine computes.</summary>
public class FineTuneRoundTripTests
{
    [TorchFact(needsShared: true)]
    public void Fine_tuned_onnx_runs_on_onnx_runtime_like_the_engine()
    {
        var (model, spec) = SharedModels.Load(SharedModels.MobileNetV1);
        const int images = 6;
        var pixels = OrtReference.RandomPixels(images, spec.Height, spec.Width, seed: 9);
        int[] labels = [0, 1, 0, 1, 0, 1];

        using var tuner = new TorchFineTuner(model, spec, new TorchEngineOptions { Device = "cpu" });
        var result = tuner.Fit(pixels, labels, 2, new FineTuneOptions
        {
            UnfrozenBlocks = 2, Epochs = 2, BatchSize = 3, AugmentedViews = 2, LearningRate = 1e-2f,
        });

        result.TrainedInitializers.Should().NotBeEmpty();
        result.Epochs.Should().HaveCount(2);
        var before = OnnxModelDocument.Parse(model, "before").Initializers.ToDictionary(i => i.Name, i => i.Raw.ToArray());
        var after = OnnxModelDocument.Parse(result.Backbone, "after").Initializers.ToDictionary(i => i.Name, i => i.Raw.ToArray());
        foreach (var (name, raw) in before)
        {
            if (result.TrainedInitializers.Contains(name)) after[name].Should().NotEqual(raw, $"'{name}' was trained");
            else after[name].Should().Equal(raw, $"'{name}' was not trained");
        }

        var probe = OrtReference.RandomPixels(2, spec.Height, spec.Width, seed: 11);
        var ort = OrtReference.Run(result.BuildClassifier(spec, includeFeatures: true), "pixels", probe, [2, 3, spec.Height, spec.Width], "features");
        using var featurizer = new TorchFeaturizer(result.Backbone, spec);
        OrtReference.RelativeError(featurizer.FeaturizePixels(probe, 2), ort).Should().BeLessThan(1e-5);

        var original = OrtReference.Run(BackboneGraphBuilder.BuildFeatureExtractor(model, spec, "mnv1"), "pixels", probe, [2, 3, spec.Height, spec.Width], "features");
        OrtReference.RelativeError(ort, original).Should().BeGreaterThan(1e-4, "fine-tuning changed the features");
    }
}
