namespace MLNetTransfer.Engines;

/// <summary>
/// What fine-tuning produced: the backbone ONNX with its trained weights written back (so ONNX Runtime runs it) and
/// the softmax head over its features, ready for <c>BackboneGraphBuilder.BuildClassifier</c>.
/// </summary>
public sealed record BackboneFineTuneResult
{
    public required byte[] Backbone { get; init; }

    /// <summary>[ClassCount, FeatureCount] row-major.</summary>
    public required float[] HeadWeights { get; init; }

    public required float[] HeadBias { get; init; }

    public required int FeatureCount { get; init; }

    /// <summary>Names of the backbone initializers that were trained.</summary>
    public required IReadOnlyList<string> TrainedInitializers { get; init; }

    public required IReadOnlyList<BackboneFineTuneEpoch> Epochs { get; init; }
}

/// <summary>One fine-tuning epoch (1-based): mean cross-entropy and accuracy on the training images, and its duration.</summary>
public sealed record BackboneFineTuneEpoch(int Epoch, double CrossEntropy, double Accuracy, TimeSpan Elapsed);
