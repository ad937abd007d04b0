namespace MLNetTransfer.Vision;

/// <summary>
/// What <see cref="ImageClassificationTrainer.Options.Precision"/> did: the backbone trained on, and with int8, the
/// trained head's validation accuracy on int8 features (what the model computes) next to its accuracy on the float
/// backbone's features of the same images, so the cost of quantization is measured on the user's own data.
/// </summary>
public sealed record PrecisionReport
{
    public required BackbonePrecision Precision { get; init; }

    /// <summary>What was done: quantized (or taken from the cache), or left as it was and why.</summary>
    public required string Note { get; init; }

    /// <summary>The backbone the model carries.</summary>
    public required string BackbonePath { get; init; }

    /// <summary>The float backbone, the alternative when int8 costs too much accuracy.</summary>
    public required string Float32BackbonePath { get; init; }

    /// <summary>Validation images both accuracies are computed on (0 without validation data).</summary>
    public int ComparedImages { get; init; }

    public double? Float32Accuracy { get; init; }

    public double? Int8Accuracy { get; init; }

    /// <summary>Float32 minus int8 accuracy, as a fraction (0.01 = 1 point).</summary>
    public double? AccuracyLoss => Float32Accuracy - Int8Accuracy;

    /// <summary>Set when int8 lost more than the tolerance: says so and names the float32 alternative.</summary>
    public string? Warning { get; init; }
}
