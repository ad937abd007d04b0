namespace MLNetTransfer.Quantization;

/// <summary>
/// What the int8 quantizer does; every field is part of the quantized backbone's cache key. The defaults are the
/// measured best on the project's photos (docs/benchmarks.md, section int8).
/// </summary>
internal sealed record QuantizationSettings
{
    /// <summary>Bump when the quantizer's output changes for the same inputs, so cached backbones are rebuilt.</summary>
    public const int FormatVersion = 1;

    /// <summary>At most this many training images calibrate the activations.</summary>
    public int CalibrationImages { get; init; } = 200;

    /// <summary>Seed of the shuffle that picks the calibration images: fixed, so every run picks the same ones.</summary>
    public int CalibrationSeed { get; init; } = 20240;

    /// <summary>
    /// Activation ranges cover this percentile of the calibration values at each end (100: min and max).
    /// </summary>
    public double Percentile { get; init; } = 100;

    /// <summary>The first Conv sees the raw image; keeping it float costs little time.</summary>
    public bool KeepFirstConvFloat { get; init; } = true;

    /// <summary>How many of the last Convs (those closest to the features) stay float.</summary>
    public int KeepLastConvsFloat { get; init; }

    /// <summary>Also quantize residual Adds whose inputs are both quantized (ONNX Runtime runs them as QLinearAdd).</summary>
    public bool QuantizeAdd { get; init; } = true;

    public string Key => string.Join(';', $"v={FormatVersion}", $"n={CalibrationImages}", $"seed={CalibrationSeed}",
        "pct=" + Percentile.ToString("R", System.Globalization.CultureInfo.InvariantCulture), $"first={KeepFirstConvFloat}", $"last={KeepLastConvsFloat}",
        $"add={QuantizeAdd}");
}
