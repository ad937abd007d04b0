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

    /// <summary>
    /// Copies (the original and its occluded versions) scored per ONNX Runtime run; bounds memory (each copy is
    /// 3 x height x width floats, 600 KB at 224x224). The default takes a whole image's copies in one run.
    /// </summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// The grid the training report uses: its maps are drawn on 128-pixel thumbnails, where a 3 x 3 grid of overlapping
    /// patches (half the crop, moved a quarter at a time: 9 copies) points at the same region as finer grids. Drawn
    /// beside the model save, each copy costs the save time: 9 instead of a 4 x 4 grid's 16 made a cold train 0.5 s
    /// shorter (docs/benchmarks.md). `predict --explain` keeps the default 7 x 7 (49) for a finer map.
    /// One copy per run: a fresh session's first runs of a 10-copy batch cost 0.2 to 0.3 s more than later ones (ONNX
    /// Runtime plans and grows its memory for the batch), while one-copy runs cost their steady time almost at once.
    /// </summary>
    internal static OcclusionOptions Thumbnail { get; } = new() { PatchFraction = 0.5, StrideFraction = 0.25, BatchSize = 1 };

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
