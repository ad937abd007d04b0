using MLNetTransfer.Training;

namespace MLNetTransfer.Torch.FineTuning;

/// <summary>How <see cref="TorchFineTuner"/> trains. Defaults suit a few hundred to a few thousand images.</summary>
public sealed record FineTuneOptions
{
    /// <summary>How many blocks (see <see cref="BlockSplit"/>) before the features to train; 0 trains the head only.</summary>
    public int UnfrozenBlocks { get; init; } = 2;

    public int Epochs { get; init; } = TrainingDefaults.FineTuneEpochs;

    public int BatchSize { get; init; } = TrainingDefaults.FineTuneBatchSize;

    /// <summary>Adam learning rate of the softmax head.</summary>
    public float LearningRate { get; init; } = TrainingDefaults.FineTuneLearningRate;

    /// <summary>The backbone's learning rate as a fraction of the head's: 10x lower by default.</summary>
    public float BackboneLearningRateFactor { get; init; } = 0.1f;

    /// <summary>
    /// Augmented views cached per image at the frozen boundary; each epoch trains on one of them per image.
    /// With augmentation off one (unaugmented) view is cached whatever this says.
    /// </summary>
    public int AugmentedViews { get; init; } = 4;

    public AugmentationOptions Augmentation { get; init; } = new();

    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Train at least one epoch.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be positive.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be positive.");
        if (!(BackboneLearningRateFactor >= 0)) throw new ArgumentOutOfRangeException(nameof(BackboneLearningRateFactor), BackboneLearningRateFactor, "Must be zero or more.");
        if (AugmentedViews <= 0) throw new ArgumentOutOfRangeException(nameof(AugmentedViews), AugmentedViews, "Cache at least one view.");
    }
}
