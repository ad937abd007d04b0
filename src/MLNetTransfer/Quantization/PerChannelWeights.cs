namespace MLNetTransfer.Quantization;

/// <summary>
/// Symmetric int8 weights, one scale per output channel (axis 0): q = round(w / scale) in [-127, 127], zero point 0,
/// scale = max |w| of the channel / 127, so every weight comes back within half a scale step.
/// </summary>
internal static class PerChannelWeights
{
    public const int Limit = 127;

    public static (sbyte[] Values, float[] Scales) Quantize(ReadOnlySpan<float> weights, int channels)
    {
        if (channels <= 0 || weights.Length % channels != 0)
            throw new ArgumentException($"{weights.Length} weights do not split into {channels} output channels");
        var perChannel = weights.Length / channels;
        var values = new sbyte[weights.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var channel = weights.Slice(c * perChannel, perChannel);
            var largest = 0f;
            foreach (var w in channel)
                largest = Math.Max(largest, Math.Abs(w));
            // An all-zero channel still needs a positive scale; its values stay 0 whatever it is.
            var scale = largest > 0 ? largest / Limit : 1f;
            scales[c] = scale;
            for (var i = 0; i < perChannel; i++)
                values[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(channel[i] / scale, MidpointRounding.ToEven), -Limit, Limit);
        }

        return (values, scales);
    }

    /// <summary>Conv/Gemm bias as int32 in the scale of input x weight, as ONNX Runtime's QLinearConv expects.</summary>
    public static (int[] Values, float[] Scales) QuantizeBias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales)
    {
        var values = new int[bias.Length];
        var scales = new float[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            values[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)scales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }

        return (values, scales);
    }
}
