namespace MLNetTransfer.Reporting;

/// <summary>The name a report gives a dataset: its folder's name, or its parent's when the folder is a split ("train", "val"...).</summary>
internal static class DatasetName
{
    private static readonly HashSet<string> SplitNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "train", "training", "val", "valid", "validation", "test", "testing", "dev", "eval", "images", "data",
    };

    /// <summary>"/data/flowers-dev/train" → "flowers-dev"; "/data/pets" → "pets".</summary>
    public static string Of(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var name = Path.GetFileName(full);
        if (SplitNames.Contains(name) && Path.GetFileName(Path.GetDirectoryName(full) ?? "") is { Length: > 0 } parent)
            return parent;
        return string.IsNullOrEmpty(name) ? full : name;
    }
}
