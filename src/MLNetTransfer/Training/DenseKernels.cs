using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MLNetTransfer.Training;

/// <summary>
/// The few vector kernels the head needs. Reductions are written here rather than taken from TensorPrimitives so that the
/// summation order depends only on the length, never on memory alignment: that is what makes training bit-reproducible.
/// </summary>
internal static class DenseKernels
{
    /// <summary>Sum of x[i] * y[i], in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        float sum = 0f;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<float>.Count)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y[..n]);
            // Two accumulators hide the add latency; they are combined in a fixed order.
            var acc0 = Vector<float>.Zero;
            var acc1 = Vector<float>.Zero;
            int v = 0;
            for (; v + 1 < xs.Length; v += 2)
            {
                acc0 += xs[v] * ys[v];
                acc1 += xs[v + 1] * ys[v + 1];
            }
            if (v < xs.Length)
                acc0 += xs[v] * ys[v];
            sum = Vector.Sum(acc0 + acc1);
            i = xs.Length * Vector<float>.Count;
        }
        for (; i < n; i++)
            sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y[i] += a * x[i] (element-wise, so any vectorization gives the same bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        int n = x.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y[..n]);
            var av = new Vector<float>(a);
            for (int v = 0; v < xs.Length; v++)
                ys[v] += av * xs[v];
            i = xs.Length * Vector<float>.Count;
        }
        for (; i < n; i++)
            y[i] += a * x[i];
    }

    /// <summary>logits[k] = weights[k, :] · x + bias[k], weights row-major [classCount, x.Length].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Logits(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> logits)
    {
        int d = x.Length;
        for (int k = 0; k < bias.Length; k++)
            logits[k] = Dot(weights.Slice(k * d, d), x) + bias[k];
    }

    /// <summary>
    /// Turns logits into probabilities in place (subtracting the max first, so exp cannot overflow) and returns
    /// log(sum(exp(logit - max))), from which the cross-entropy of class y is <c>logSum - (logit_y - max)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SoftmaxInPlace(Span<float> values, out float max)
    {
        max = values[0];
        for (int k = 1; k < values.Length; k++)
            max = Math.Max(max, values[k]);
        float sum = 0f;
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = MathF.Exp(values[k] - max);
            sum += values[k];
        }
        float inverse = 1f / sum;
        for (int k = 0; k < values.Length; k++)
            values[k] *= inverse;
        return MathF.Log(sum);
    }

    /// <summary>Index of the largest value; the first one on ties.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
                best = k;
        }
        return best;
    }
}
