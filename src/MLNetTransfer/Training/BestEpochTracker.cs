namespace MLNetTransfer.Training;

/// <summary>
/// Remembers the weights of the best epoch on the monitored metric. Unlike the patience counter it takes any
/// improvement, however small, so the returned weights really are the best seen; accuracy ties go to the lower loss.
/// </summary>
internal sealed class BestEpochTracker(bool monitorsLoss, int weightCount, int biasCount)
{
    private readonly float[] _weights = new float[weightCount];
    private readonly float[] _bias = new float[biasCount];
    private SetMetrics? _best;

    public int Epoch { get; private set; } = -1;

    public ReadOnlySpan<float> Weights => _weights;

    public ReadOnlySpan<float> Bias => _bias;

    public void Offer(int epoch, SetMetrics current, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        if (_best is SetMetrics best && !IsBetter(current, best))
            return;
        _best = current;
        Epoch = epoch;
        weights.CopyTo(_weights);
        bias.CopyTo(_bias);
    }

    private bool IsBetter(SetMetrics current, SetMetrics best) => monitorsLoss
        ? current.Loss < best.Loss
        : current.Accuracy > best.Accuracy || (current.Accuracy == best.Accuracy && current.Loss < best.Loss);
}
