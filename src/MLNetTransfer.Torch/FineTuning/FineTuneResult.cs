using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Torch.FineTuning;

/// <summary>
/// What fine-tuning produced: the backbone ONNX with its trained initializers replaced (everything else byte for
/// byte as before) and the softmax head, ready for <see cref="BackboneGraphBuilder.BuildClassifier"/>.
/// </summary>
public sealed class FineTuneResult
{
    public required byte[] Backbone { get; init; }

    /// <summary>Head weights, [ClassCount, FeatureCount] row-major, and biases.</summary>
    public required float[] HeadWeights { get; init; }

    public required float[] HeadBias { get; init; }

    public required int ClassCount { get; init; }

    public required int FeatureCount { get; init; }

    /// <summary>Names of the backbone initializers that were trained (empty for head-only training).</summary>
    public required IReadOnlyList<string> TrainedInitializers { get; init; }

    /// <summary>The tensors the frozen part's cache holds, per image and view.</summary>
    public required IReadOnlyList<string> Boundary { get; init; }

    public required TimeSpan CachingTime { get; init; }

    public required IReadOnlyList<FineTuneEpoch> Epochs { get; init; }

    /// <summary>The complete classifier ("pixels" in, "Score" out) that ONNX Runtime and the ML.NET model run.</summary>
    public byte[] BuildClassifier(BackboneSpec spec, string source = "<fine-tuned>", bool includeFeatures = false) =>
        BackboneGraphBuilder.BuildClassifier(Backbone, spec, HeadWeights, HeadBias, ClassCount, source, includeFeatures);
}
