using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Onnx;

/// <summary>Test images as the built models take them (float32 [N,3,H,W], RGB, integer values 0..255), and the
/// spec's preprocessing computed by hand in C#, as an independent reference for the graph's own nodes.</summary>
public static class Pixels
{
    public static float[] Random(int count, int height, int width, int seed)
    {
        var random = new System.Random(seed);
        var data = new float[count * 3 * height * width];
        for (var i = 0; i < data.Length; i++)
            data[i] = random.Next(256);
        return data;
    }

    public static float[] Solid(int height, int width, byte r, byte g, byte b)
    {
        var data = new float[3 * height * width];
        var plane = height * width;
        Array.Fill(data, r, 0, plane);
        Array.Fill(data, g, plane, plane);
        Array.Fill(data, b, 2 * plane, plane);
        return data;
    }

    /// <summary>(p * Scale - Mean[c]) / Std[c] with c the fed channel, BGR reorder and NHWC transposition, as float32.</summary>
    public static float[] NormalizeFloat(float[] pixels, int count, BackboneSpec spec)
    {
        var (h, w) = (spec.Height, spec.Width);
        var output = new float[pixels.Length];
        for (var n = 0; n < count; n++)
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var sourceChannel = spec.ChannelOrder == ChannelOrder.BGR ? 2 - c : c;
            var p = pixels[((n * 3 + sourceChannel) * h + y) * w + x];
            var value = spec.IsIdentityNormalization ? p : (p * spec.Scale - spec.Mean[c]) / spec.Std[c];
            var target = spec.Layout == TensorLayout.NCHW ? ((n * 3 + c) * h + y) * w + x : ((n * h + y) * w + x) * 3 + c;
            output[target] = value;
        }

        return output;
    }

    public static byte[] NormalizeUInt8(float[] pixels, int count, BackboneSpec spec) =>
        NormalizeFloat(pixels, count, spec).Select(v => (byte)Math.Clamp(MathF.Round(v), 0, 255)).ToArray();

    public static long[] InputShape(int count, BackboneSpec spec) =>
        spec.Layout == TensorLayout.NCHW ? [count, 3, spec.Height, spec.Width] : [count, spec.Height, spec.Width, 3];
}
