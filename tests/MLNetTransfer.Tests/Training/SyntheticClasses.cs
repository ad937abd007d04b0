namespace MLNetTransfer.Tests.Training;

/// <summary>Row-major features with labels, as the trainer takes them.</summary>
public sealed record LabeledData(float[] Features, int[] Labels, int FeatureCount)
{
    public int Count => Labels.Length;

    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * FeatureCount, FeatureCount);
}

/// <summary>
/// Seeded Gaussian class clusters: class c is centred at a random unit-scale mean times <c>separation</c>, with unit noise,
/// then shifted and scaled per feature so the raw features are not standardized (as real bottleneck features are not).
/// </summary>
public sealed class SyntheticClasses
{
    private readonly float[] _means;
    private readonly float[] _offset;
    private readonly float[] _scale;

    public SyntheticClasses(int classCount, int featureCount, float separation, int seed = 1)
    {
        ClassCount = classCount;
        FeatureCount = featureCount;
        var random = new Random(seed);
        _means = new float[classCount * featureCount];
        for (int i = 0; i < _means.Length; i++)
            _means[i] = (float)(Normal(random) * separation / Math.Sqrt(featureCount));
        _offset = new float[featureCount];
        _scale = new float[featureCount];
        for (int j = 0; j < featureCount; j++)
        {
            _offset[j] = (float)(random.NextDouble() * 4 - 1);
            _scale[j] = (float)(0.2 + random.NextDouble() * 3);
        }
    }

    public int ClassCount { get; }

    public int FeatureCount { get; }

    /// <summary>Samples rows; <paramref name="classShares"/> (default uniform) sets the proportion of each class.</summary>
    public LabeledData Sample(int count, int seed, double[]? classShares = null)
    {
        var random = new Random(seed);
        var features = new float[count * FeatureCount];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = classShares is null ? i % ClassCount : Pick(classShares, random.NextDouble());
            labels[i] = label;
            for (int j = 0; j < FeatureCount; j++)
            {
                double value = _means[label * FeatureCount + j] + Normal(random);
                features[i * FeatureCount + j] = (float)(value * _scale[j] + _offset[j]);
            }
        }
        return new LabeledData(features, labels, FeatureCount);
    }

    private static int Pick(double[] shares, double u)
    {
        double total = shares.Sum();
        double cumulative = 0;
        for (int c = 0; c < shares.Length; c++)
        {
            cumulative += shares[c] / total;
            if (u < cumulative)
                return c;
        }
        return shares.Length - 1;
    }

    private static double Normal(Random random)
    {
        // Box-Muller.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>Evaluation helpers for tests.</summary>
public static class HeadEvaluation
{
    public static double Accuracy(MLNetTransfer.Training.LinearHead head, LabeledData data)
    {
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (head.Predict(data.Row(i)) == data.Labels[i])
                correct++;
        }
        return (double)correct / data.Count;
    }

    public static double MeanCrossEntropy(MLNetTransfer.Training.LinearHead head, LabeledData data)
    {
        var p = new float[head.ClassCount];
        double sum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            head.Score(data.Row(i), p);
            sum += -Math.Log(Math.Max(p[data.Labels[i]], 1e-30));
        }
        return sum / data.Count;
    }
}
