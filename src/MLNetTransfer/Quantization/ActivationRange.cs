namespace MLNetTransfer.Quantization;

/// <summary>
/// The calibrated range of one activation tensor, and its uint8 encoding: the range always holds 0 (so zero, padding
/// and ReLU's floor are exact), scale = (max - min) / 255, zero point = round(-min / scale).
/// </summary>
internal readonly record struct ActivationRange(float Min, float Max)
{
    public float Scale
    {
        get
        {
            var (low, high) = Bounds;
            return high > low ? (high - low) / 255f : 1f;
        }
    }

    public byte ZeroPoint => (byte)Math.Clamp(MathF.Round(-Bounds.Low / Scale, MidpointRounding.ToEven), 0, 255);

    private (float Low, float High) Bounds => (Math.Min(0f, Min), Math.Max(0f, Max));
}
