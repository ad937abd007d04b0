using MLNetTransfer.Data;

namespace MLNetTransfer.Vision;

/// <summary>
/// Looks at the usable training labels before the head is trained: refuses what cannot be trained, and warns about
/// what will train badly, saying what to do.
/// </summary>
internal static class TrainingDataChecks
{
    /// <summary>A class this many times larger than the smallest one counts as imbalanced.</summary>
    public const double ImbalanceRatio = 3.0;

    public static IReadOnlyList<string> Check(IReadOnlyList<int> labels, IReadOnlyList<string> classNames, bool weighted)
    {
        var counts = new int[classNames.Count];
        foreach (var label in labels)
            counts[label]++;

        var present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        if (present.Length < 2)
        {
            var only = present.Length == 1 ? $"only class '{classNames[present[0]]}' has" : "no class has";
            throw new InvalidDataException(
                $"Training needs usable images of at least 2 classes, but {only} any. Add a sub-folder of images for each class.");
        }

        // Class names that differ only by case or normalisation come first: they are about the folders themselves.
        var warnings = new List<string>(ClassNames.LookAlikeWarnings(classNames));
        var empty = Enumerable.Range(0, counts.Length).Where(c => counts[c] == 0).Select(c => $"'{classNames[c]}'").ToArray();
        if (empty.Length > 0)
            warnings.Add($"No usable training image for class {string.Join(", ", empty)}: the model can never predict it.");

        var single = present.Where(c => counts[c] == 1).Select(c => $"'{classNames[c]}'").ToArray();
        if (single.Length > 0)
            warnings.Add($"Only one training image for class {string.Join(", ", single)}: expect poor accuracy on it; add more images.");

        var smallest = present.Min(c => counts[c]);
        var largest = present.Max(c => counts[c]);
        if (!weighted && largest >= ImbalanceRatio * smallest)
        {
            var small = classNames[present.First(c => counts[c] == smallest)];
            var large = classNames[present.First(c => counts[c] == largest)];
            warnings.Add($"Classes are imbalanced: '{large}' has {largest} images, '{small}' has {smallest}. " +
                "Consider BalanceClasses = true (--balance-classes) so the small classes are not drowned out.");
        }
        return warnings;
    }
}
