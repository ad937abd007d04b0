namespace MLNetTransfer.Backbones;

/// <summary>
/// How a backbone scored the reference photos with one normalization: how many photos had the true class first
/// and in the top 5, its mean probability (softmax of logits, or the output itself when it already is one) and its
/// mean rank (1 = first).
/// </summary>
internal sealed record NormalizationScore(string Label, BackboneSpec Spec, int Photos, int Top1, int Top5, double MeanProbability,
    double MeanRank, IReadOnlyList<string> Skipped)
{
    /// <summary>Most top-5 hits, then the highest mean probability of the true class.</summary>
    public static IComparer<NormalizationScore> BestFirst { get; } = Comparer<NormalizationScore>.Create((a, b) =>
        a.Top5 != b.Top5 ? b.Top5.CompareTo(a.Top5) : b.MeanProbability.CompareTo(a.MeanProbability));

    /// <summary>True when at least half the photos have the true class in the top 5: the output does know the class.</summary>
    public bool IsConvincing => Photos > 0 && Top5 * 2 >= Photos;

    public string Summary => $"top-1 {Top1}/{Photos}, top-5 {Top5}/{Photos}, mean p {MeanProbability:0.000}, mean rank {MeanRank:0.#}";
}
