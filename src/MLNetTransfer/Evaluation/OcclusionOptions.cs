namespace MLNetTransfer.Evaluation;

/// <summary>How <see cref="OcclusionExplainer"/> slides its grey patch over the centre crop.</summary>
public sealed record OcclusionOptions
{
    /// <summary>Side of the square patch as a share of the crop's shorter side.</summary>
    public double PatchFraction { get; init; } = 0.25;

    /// <summary>Step between patch positions as a share of the crop's shorter side; half the patch gives overlapping, smoother maps.</summary>
    public double StrideFraction { get; init; } = 0.125;

    /// <summary>The patch's value in every channel (raw 0..255 pixels): mid grey, close to the mean of ImageNet photos.</summary>
    public byte Grey { get; init; } = 128;

    /// <summary>Occluded copies scored per ONNX Runtime run; bounds memory (each copy is 3 x height x width floats).</summary>
    public int BatchSize { get; init; } = 16;

    internal void Validate()
    {
        if (PatchFraction is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(PatchFraction), PatchFraction, "The patch must be a share in (0, 1] of the crop.");
        if (StrideFraction is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(StrideFraction), StrideFraction, "The stride must be a share in (0, 1] of the crop.");
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
    }
}
