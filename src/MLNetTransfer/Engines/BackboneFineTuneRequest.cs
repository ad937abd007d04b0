using MLNetTransfer.Backbones;

namespace MLNetTransfer.Engines;

/// <summary>
/// One fine-tuning job for an <see cref="IBackboneEngine"/>. The trainer fills it from its options; settings not
/// named here (optimizer details, augmentation) are the engine's own.
/// </summary>
public sealed record BackboneFineTuneRequest
{
    /// <summary>The backbone ONNX as read from disk.</summary>
    public required byte[] Backbone { get; init; }

    public required BackboneSpec Spec { get; init; }

    /// <summary>Names the backbone in messages (its path).</summary>
    public string Source { get; init; } = "<backbone>";

    /// <summary>Planar RGB 0..255 floats, 3 x Height x Width per image, one image per label.</summary>
    public required float[] Pixels { get; init; }

    /// <summary>Class index 0..ClassCount-1 per image.</summary>
    public required int[] Labels { get; init; }

    public required int ClassCount { get; init; }

    /// <summary>Blocks before the features to train, at least 1 (0 is head-only training, which the trainer does itself).</summary>
    public required int UnfrozenBlocks { get; init; }

    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    /// <summary>Learning rate of the head; the engine decides the backbone's (usually lower).</summary>
    public required float LearningRate { get; init; }

    public required int Seed { get; init; }

    /// <summary>Told after every epoch.</summary>
    public IProgress<BackboneFineTuneEpoch>? Progress { get; init; }
}
