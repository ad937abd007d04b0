using MLNetTransfer.Featurization;

namespace MLNetTransfer.Vision;

/// <summary>
/// Finds identical image files (same bytes) filed under different classes, and validation images that are copies of
/// training images: both quietly damage a model or its reported accuracy, so they are named in warnings.
/// </summary>
internal static class DuplicateImageCheck
{
    private const int NamesShown = 3;

    public static IEnumerable<string> Check(FeaturizeResult train, IReadOnlyList<int> trainLabels, IReadOnlyList<string> trainNames,
        FeaturizeResult? validation, IReadOnlyList<string>? validationNames, IReadOnlyList<string> classNames)
    {
        if (train.ContentHashes is not { } trainHashes)
            yield break;

        // Row r of the featurize result is input train.Indices[r]; labels and names are indexed by input.
        var byHash = Enumerable.Range(0, trainHashes.Length).GroupBy(r => trainHashes[r]);
        foreach (var group in byHash)
        {
            var labels = group.Select(r => trainLabels[train.Indices[r]]).Distinct().ToArray();
            if (labels.Length < 2)
                continue;
            var files = string.Join(", ", group.Take(NamesShown).Select(r => $"'{trainNames[train.Indices[r]]}'"));
            yield return $"The same image is filed under classes {string.Join(" and ", labels.Select(l => $"'{classNames[l]}'"))}: {files}. " +
                "Remove it from the wrong class.";
        }

        if (validation?.ContentHashes is not { } validationHashes || validationNames is null)
            yield break;
        var trainSet = trainHashes.ToHashSet();
        var leaked = Enumerable.Range(0, validationHashes.Length).Where(r => trainSet.Contains(validationHashes[r])).ToArray();
        if (leaked.Length > 0)
        {
            var files = string.Join(", ", leaked.Take(NamesShown).Select(r => $"'{validationNames[validation.Indices[r]]}'"));
            yield return $"{leaked.Length} validation image(s) are copies of training images ({files}{(leaked.Length > NamesShown ? ", ..." : "")}): " +
                "validation accuracy will look better than it is.";
        }
    }
}
