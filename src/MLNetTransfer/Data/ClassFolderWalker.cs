using MLNetTransfer.Featurization;

namespace MLNetTransfer.Data;

/// <summary>
/// Lists the files under one class folder, sub-folders included. Symbolic links are followed, but each real folder
/// is visited once, so a link loop ends instead of repeating files; a loop, a broken link or an unreadable folder is
/// reported, not silently dropped.
/// </summary>
internal sealed class ClassFolderWalker
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    public List<string> Files { get; } = [];

    public List<SkippedImage> Problems { get; } = [];

    public void Walk(string folder)
    {
        var real = RealPath(folder);
        if (!_visited.Add(real))
        {
            Problems.Add(new SkippedImage(folder, $"symbolic link to a folder already listed ('{real}'); not followed again"));
            return;
        }

        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Problems.Add(new SkippedImage(folder, $"folder cannot be read: {e.Message}"));
            return;
        }

        foreach (var entry in entries)
        {
            if (Path.GetFileName(entry).StartsWith('.'))
                continue;
            var info = new FileInfo(entry);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } && !Directory.Exists(entry))
            {
                Problems.Add(new SkippedImage(entry, $"broken symbolic link (points to '{info.LinkTarget}')"));
                continue;
            }
            if (Directory.Exists(entry))
                Walk(entry);
            else
                Files.Add(entry);
        }
    }

    private static string RealPath(string folder)
    {
        var info = new DirectoryInfo(folder);
        return (info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName;
    }
}
