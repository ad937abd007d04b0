namespace MLNetTransfer.Prediction;

/// <summary>A prediction for one image: the best class and the probability of every class (in <see cref="Classes"/> order).</summary>
public sealed record ImagePrediction(string PredictedLabel, float[] Scores, IReadOnlyList<string> Classes)
{
    public float Confidence => Scores[Classes.IndexOf(PredictedLabel)];

    /// <summary>The <paramref name="count"/> most likely classes, most likely first.</summary>
    public IReadOnlyList<(string Label, float Score)> Top(int count) =>
        Scores.Select((score, i) => (Classes[i], score)).OrderByDescending(p => p.score).Take(count).ToArray();
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
                return i;
        }
        return -1;
    }
}
