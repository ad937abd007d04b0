using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.Tests.Support;

namespace MLNetTransfer.Torch.Tests;

/// <summary>The engine's features for a real backbone equal ONNX Runtime's.</summary>
public class MobileNetParityTests
{
    [TorchFact(needsShared: true)]
    public void Features_match_onnx_runtime_on_the_cpu()
    {
        var (model, spec) = SharedModels.Load(SharedModels.MobileNetV1);
        var pixels = OrtReference.RandomPixels(3, spec.Height, spec.Width, seed: 5);
        var expected = OrtReference.Run(BackboneGraphBuilder.BuildFeatureExtractor(model, spec, "mnv1"), "pixels", pixels,
            [3, 3, spec.Height, spec.Width], "features");

        using var featurizer = new TorchFeaturizer(model, spec, new TorchEngineOptions { Device = "cpu", BatchSize = 2 });
        var actual = featurizer.FeaturizePixels(pixels, 3);

        actual.Length.Should().Be(3 * 768);
        OrtReference.RelativeError(actual, expected).Should().BeLessThan(1e-5);
    }

    [TorchFact]
    public void Asking_for_cuda_where_there_is_none_fails_and_says_why()
    {
        if (TorchSharp.torch.cuda.is_available())
            return; // Nothing to observe on a machine with a GPU.
        var resolve = () => TorchRuntime.ResolveDevice("cuda:0");
        resolve.Should().Throw<TorchUnavailableException>().WithMessage("*cuda:0*");
    }
}
