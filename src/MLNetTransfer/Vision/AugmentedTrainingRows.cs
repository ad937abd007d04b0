using MLNetTransfer.Featurization;

namespace MLNetTransfer.Vision;

/// <summary>
/// The training matrix when photos are seen in several views: for the chosen photos (rows of the plain pass), their
/// plain features followed by each extra view's features of the same photos, each row labelled with its photo's
/// class. Validation rows never come from here: they stay plain, one row per photo.
/// </summary>
internal sealed class AugmentedTrainingRows(FeaturizeResult plain, IReadOnlyList<FeaturizeResult> extraViews)
{
    // Per extra view: input index -> row of that view's result (a photo a view could not use is simply left out there).
    private readonly Dictionary<int, int>[] _rowOfIndex = extraViews
        .Select(view => view.Indices.Select((index, row) => (index, row)).ToDictionary(p => p.index, p => p.row))
        .ToArray();

    public int FeatureCount => plain.FeatureCount;

    /// <summary>Features and labels of every view of the plain rows <paramref name="photoRows"/>.</summary>
    public (float[] Features, int[] Labels) Gather(IReadOnlyList<int> photoRows, IReadOnlyList<int> labelOfPlainRow)
    {
        var features = new List<float>(photoRows.Count * FeatureCount * (extraViews.Count + 1));
        var labels = new List<int>(photoRows.Count * (extraViews.Count + 1));
        foreach (var row in photoRows)
        {
            features.AddRange(plain.Row(row));
            labels.Add(labelOfPlainRow[row]);
        }
        for (var v = 0; v < extraViews.Count; v++)
        {
            foreach (var row in photoRows)
            {
                if (!_rowOfIndex[v].TryGetValue(plain.Indices[row], out var viewRow))
                    continue;
                features.AddRange(extraViews[v].Row(viewRow));
                labels.Add(labelOfPlainRow[row]);
            }
        }
        return (features.ToArray(), labels.ToArray());
    }
}
