namespace MLNetTransfer.Training;

/// <summary>
/// Centres each feature on the training set's mean and divides every feature by one shared scale, the average of the
/// per-feature (population) standard deviations; folds that transform back into a head's weights so the returned head
/// works on raw features. One shared scale makes the learning rate mean the same for every backbone while the features
/// keep their relative strength: z-scoring each feature on its own lifts weak, mostly noisy channels of a pooled
/// bottleneck to the weight of the informative ones, and measured on flowers-dev that cost accuracy
/// (docs/benchmarks.md).
/// </summary>
internal sealed class FeatureStandardizer
{
    private FeatureStandardizer(float[] mean, float[] inverseStd)
    {
        Mean = mean;
        InverseStd = inverseStd;
    }

    public float[] Mean { get; }

    /// <summary>1 / the shared scale, the same for every feature; 1 when every feature is constant.</summary>
    public float[] InverseStd { get; }

    /// <summary>Statistics of row-major [count, featureCount] data, accumulated in double, row by row in order.</summary>
    public static FeatureStandardizer Fit(ReadOnlySpan<float> rows, int featureCount)
    {
        int count = rows.Length / featureCount;
        var sum = new double[featureCount];
        for (int r = 0; r < count; r++)
        {
            var row = rows.Slice(r * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
                sum[j] += row[j];
        }
        var mean = new double[featureCount];
        for (int j = 0; j < featureCount; j++)
            mean[j] = sum[j] / count;

        // Second pass on centred values: exact enough even when the mean is large relative to the spread.
        var squares = new double[featureCount];
        for (int r = 0; r < count; r++)
        {
            var row = rows.Slice(r * featureCount, featureCount);
            for (int j = 0; j < featureCount; j++)
            {
                double centred = row[j] - mean[j];
                squares[j] += centred * centred;
            }
        }

        var meanOut = new float[featureCount];
        var averageStd = 0.0;
        for (int j = 0; j < featureCount; j++)
        {
            meanOut[j] = (float)mean[j];
            averageStd += Math.Sqrt(squares[j] / count) / featureCount;
        }
        var inverseStd = new float[featureCount];
        Array.Fill(inverseStd, averageStd > 1e-12 ? (float)(1.0 / averageStd) : 1f);
        return new FeatureStandardizer(meanOut, inverseStd);
    }

    /// <summary>Standardizes row-major data in place.</summary>
    public void ApplyInPlace(Span<float> rows)
    {
        int featureCount = Mean.Length;
        for (int start = 0; start < rows.Length; start += featureCount)
        {
            var row = rows.Slice(start, featureCount);
            for (int j = 0; j < row.Length; j++)
                row[j] = (row[j] - Mean[j]) * InverseStd[j];
        }
    }

    /// <summary>
    /// A head on raw features equal to (weights, bias) on standardized ones:
    /// <c>w'[k,j] = w[k,j] / std[j]</c> and <c>b'[k] = b[k] - Σ_j w'[k,j] * mean[j]</c>.
    /// </summary>
    public LinearHead Fold(int classCount, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        int featureCount = Mean.Length;
        var rawWeights = new float[classCount * featureCount];
        var rawBias = new float[classCount];
        for (int k = 0; k < classCount; k++)
        {
            double shift = 0;
            for (int j = 0; j < featureCount; j++)
            {
                float w = weights[k * featureCount + j] * InverseStd[j];
                rawWeights[k * featureCount + j] = w;
                shift += (double)w * Mean[j];
            }
            rawBias[k] = (float)(bias[k] - shift);
        }
        return new LinearHead(classCount, featureCount, rawWeights, rawBias);
    }
}
