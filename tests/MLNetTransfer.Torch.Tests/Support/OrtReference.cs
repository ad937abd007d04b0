using Microsoft.ML.OnnxRuntime;

namespace MLNetTransfer.Torch.Tests.Support;

/// <summary>ONNX Runtime (CPU) as the reference the TorchSharp engine must agree with.</summary>
public static class OrtReference
{
    public static float[] Run(byte[] model, string input, float[] values, long[] shape, string output)
    {
        using var session = new InferenceSession(model);
        using var value = OrtValue.CreateTensorValueFromMemory(values, shape);
        using var results = session.Run(new RunOptions(), [input], [value], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Largest |a - b| over the largest |b|: one number for "how far apart", scale-free.</summary>
    public static double RelativeError(float[] actual, float[] expected)
    {
        actual.Length.Should().Be(expected.Length);
        var scale = Math.Max(expected.Max(v => Math.Abs((double)v)), 1e-12);
        return actual.Zip(expected, (a, b) => Math.Abs((double)a - b)).Max() / scale;
    }

    public static float[] RandomPixels(int count, int height, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * 3 * height * width).Select(_ => (float)random.Next(256)).ToArray();
    }
}
