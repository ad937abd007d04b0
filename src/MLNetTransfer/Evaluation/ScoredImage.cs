namespace MLNetTransfer.Evaluation;

/// <summary>One evaluated image: its name (usually the path), its true class index and its scores in class order.</summary>
public sealed record ScoredImage(string Name, int TrueClass, float[] Scores)
{
    public int PredictedClass
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Scores.Length; i++)
            {
                if (Scores[i] > Scores[best])
                    best = i;
            }
            return best;
        }
    }

    public float Confidence => Scores[PredictedClass];
}
