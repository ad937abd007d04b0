namespace MLNetTransfer.Training;

/// <summary>Accuracy and mean plain cross-entropy of one model on one set of rows.</summary>
internal readonly record struct SetMetrics(float Accuracy, float Loss)
{
    /// <summary>Scores every row with (weights, bias), sequentially so the result is reproducible.</summary>
    public static SetMetrics Evaluate(LabeledRows rows, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        Span<float> scores = bias.Length <= 256 ? stackalloc float[bias.Length] : new float[bias.Length];
        var accumulator = new Accumulator();
        for (int i = 0; i < rows.Count; i++)
        {
            DenseKernels.Logits(weights, bias, rows.Row(i), scores);
            accumulator.Add(scores, rows.Labels[i]);
        }
        return accumulator.Result;
    }

    /// <summary>Sums correctness and cross-entropy over rows from their logits; leaves probabilities in the logits span.</summary>
    internal struct Accumulator
    {
        private int _count;
        private int _correct;
        private double _loss;

        public readonly SetMetrics Result =>
            _count == 0 ? default : new SetMetrics((float)((double)_correct / _count), (float)(_loss / _count));

        public void Add(Span<float> logits, int label)
        {
            if (DenseKernels.ArgMax(logits) == label)
                _correct++;
            float labelLogit = logits[label];
            float logSum = DenseKernels.SoftmaxInPlace(logits, out float max);
            // log-sum-exp form: finite even when the label's probability underflows to 0.
            _loss += logSum - (labelLogit - max);
            _count++;
        }
    }
}
