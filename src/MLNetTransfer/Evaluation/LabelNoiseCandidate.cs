namespace MLNetTransfer.Evaluation;

/// <summary>
/// A training image whose own label a model trained without it finds unlikely: a likely mislabelled, ambiguous or
/// unusual image. <see cref="Loss"/> is the cross-entropy of the given label, -ln(<see cref="GivenProbability"/>).
/// </summary>
public sealed record LabelNoiseCandidate(string Name, int GivenClass, int PredictedClass, float GivenProbability, float PredictedProbability)
{
    /// <summary>Cross-entropy of the given label, clipped as the evaluator clips log-loss.</summary>
    public double Loss => -Math.Log(Math.Max(GivenProbability, 1e-15));
}
