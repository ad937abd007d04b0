namespace MLNetTransfer.Tests.Onnx;

/// <summary>The classifier head computed in C#: softmax(W·f + b), the reference for the graph's Gemm + Softmax.</summary>
public static class HeadMath
{
    public static float[] Scores(float[] features, float[] weights, float[] bias)
    {
        var classes = bias.Length;
        var logits = new double[classes];
        for (var k = 0; k < classes; k++)
        {
            double sum = bias[k];
            for (var j = 0; j < features.Length; j++)
                sum += (double)weights[k * features.Length + j] * features[j];
            logits[k] = sum;
        }

        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var total = exp.Sum();
        return exp.Select(e => (float)(e / total)).ToArray();
    }

    public static float[] RandomWeights(int count, int seed, float range)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * range)).ToArray();
    }
}
