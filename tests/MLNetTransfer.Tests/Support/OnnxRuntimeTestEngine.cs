using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Engines;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// An <see cref="IBackboneEngine"/> for tests of the trainer's seam: featurizes with ONNX Runtime (so head-only runs
/// must match the normal path), and "fine-tunes" by scaling the first conv's weights and writing a seeded head, so
/// the test knows exactly which backbone and head the saved model must carry. Records what it was asked.
/// </summary>
public sealed class OnnxRuntimeTestEngine : IBackboneEngine
{
    public const string TunedInitializer = "conv_w";
    public const float WeightScale = 1.7f;

    public string Name => "ONNX Runtime (test engine)";

    public List<BackboneFineTuneRequest> FineTuneRequests { get; } = [];

    public int FeaturizeCalls { get; private set; }

    public float[] Featurize(byte[] backbone, BackboneSpec spec, float[] pixels, int count)
    {
        FeaturizeCalls++;
        return RunFeatures(BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, "test"), spec, pixels, count);
    }

    public BackboneFineTuneResult FineTune(BackboneFineTuneRequest request)
    {
        FineTuneRequests.Add(request);
        var tuned = TunedBackbone(request.Backbone);
        var featureCount = RunFeatures(BackboneGraphBuilder.BuildFeatureExtractor(tuned, request.Spec, "test"), request.Spec,
            request.Pixels, 1).Length;
        var random = new Random(request.Seed);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var epochs = Enumerable.Range(1, request.Epochs).Select(e => new BackboneFineTuneEpoch(e, 1.0 / e, 0.5, TimeSpan.Zero)).ToArray();
        foreach (var epoch in epochs)
            request.Progress?.Report(epoch);
        return new BackboneFineTuneResult
        {
            Backbone = tuned,
            HeadWeights = Values(request.ClassCount * featureCount),
            HeadBias = Values(request.ClassCount),
            FeatureCount = featureCount,
            TrainedInitializers = [TunedInitializer],
            Epochs = epochs,
        };
    }

    /// <summary>The backbone with <see cref="TunedInitializer"/> multiplied by <see cref="WeightScale"/>.</summary>
    public static byte[] TunedBackbone(byte[] backbone)
    {
        var document = OnnxModelDocument.Parse(backbone, "test");
        var record = document.Initializers.Single(i => i.Name == TunedInitializer);
        new ProtoReader(record.Raw).TryRead(out var field).Should().BeTrue();
        var values = OnnxTensorData.Decode(field.Payload).Floats!.Select(v => v * WeightScale).ToArray();
        return OnnxInitializerUpdate.Replace(backbone, new Dictionary<string, float[]> { [TunedInitializer] = values }, "test");
    }

    public static float[] RunFeatures(byte[] extractor, BackboneSpec spec, float[] pixels, int count) =>
        Run(extractor, pixels, count, spec, BackboneGraphBuilder.FeaturesOutput);

    public static float[] Run(byte[] model, float[] pixels, int count, BackboneSpec spec, string output)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            pixels.AsMemory(0, count * 3 * spec.Height * spec.Width), [count, 3, spec.Height, spec.Width]);
        using var outputs = session.Run(new RunOptions(), [BackboneGraphBuilder.PixelsInput], [input], [output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
