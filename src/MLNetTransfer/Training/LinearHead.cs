namespace MLNetTransfer.Training;

/// <summary>
/// A trained softmax classifier over raw (unstandardized) features: <c>probabilities = softmax(W·x + b)</c>.
/// <paramref name="Weights"/> is row-major [<paramref name="ClassCount"/>, <paramref name="FeatureCount"/>];
/// <paramref name="Bias"/> has <paramref name="ClassCount"/> entries.
/// </summary>
public sealed record LinearHead(int ClassCount, int FeatureCount, float[] Weights, float[] Bias)
{
    /// <summary>Writes the class probabilities of one feature vector into <paramref name="probabilities"/> (length ClassCount).</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        CheckShape(features);
        if (probabilities.Length != ClassCount)
            throw new ArgumentException($"Expected room for {ClassCount} probabilities, got {probabilities.Length}.", nameof(probabilities));
        DenseKernels.Logits(Weights, Bias, features, probabilities);
        DenseKernels.SoftmaxInPlace(probabilities, out _);
    }

    /// <summary>The most probable class of one feature vector.</summary>
    public int Predict(ReadOnlySpan<float> features)
    {
        CheckShape(features);
        // Softmax keeps the order, so the largest logit is the answer.
        Span<float> logits = ClassCount <= 256 ? stackalloc float[ClassCount] : new float[ClassCount];
        DenseKernels.Logits(Weights, Bias, features, logits);
        return DenseKernels.ArgMax(logits);
    }

    private void CheckShape(ReadOnlySpan<float> features)
    {
        if (Weights.Length != ClassCount * FeatureCount || Bias.Length != ClassCount)
            throw new InvalidOperationException(
                $"Head shape mismatch: {Weights.Length} weights and {Bias.Length} biases for {ClassCount} classes x {FeatureCount} features.");
        if (features.Length != FeatureCount)
            throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
    }
}
