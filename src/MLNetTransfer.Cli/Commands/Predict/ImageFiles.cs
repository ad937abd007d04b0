using MLNetTransfer.Cli.App;
using MLNetTransfer.Data;

namespace MLNetTransfer.Cli.Commands.Predict;

/// <summary>Expands the PATH arguments of predict: files as given, folders searched recursively for image files.</summary>
public static class ImageFiles
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
                files.Add(full);
            else if (Directory.Exists(full))
                files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => ImageFolderDataset.ImageExtensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            else
                throw new BadInputException($"'{full}' is neither a file nor a folder.");
        }
        return files;
    }
}
