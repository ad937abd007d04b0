namespace MLNetTransfer.Training;

/// <summary>Holds out the same share of every class, so a small class is not left out of validation by chance.</summary>
internal static class StratifiedSplit
{
    /// <summary>Row numbers for training and for validation; deterministic for a given seed.</summary>
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> labels, float fraction, int seed)
    {
        if (fraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be in [0, 1).");
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(row => labels[row]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            // At least one row of every class stays in training.
            var held = Math.Min((int)Math.Round(fraction * rows.Length), rows.Length - 1);
            validation.AddRange(rows.Take(held));
            train.AddRange(rows.Skip(held));
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
