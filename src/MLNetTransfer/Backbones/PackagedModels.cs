namespace MLNetTransfer.Backbones;

/// <summary>
/// Finds the model files that arrive with a NuGet package rather than from a download: ML.NET's ResNet18 package
/// copies them into <c>DnnImageModels/</c> of every app's output folder at build time.
/// </summary>
internal static class PackagedModels
{
    public const string FolderName = "DnnImageModels";
    public const string ResNet18Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>The folders searched, in order: the app's own folder, then the folder of this library.</summary>
    public static IReadOnlyList<string> SearchFolders { get; } = new[]
        {
            AppContext.BaseDirectory,
            Path.GetDirectoryName(typeof(PackagedModels).Assembly.Location) ?? "",
        }
        .Where(d => d.Length > 0)
        .Select(d => Path.GetFullPath(Path.Combine(d, FolderName)))
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The full path of <paramref name="relativePath"/> under the first folder that has it, else under the first folder.</summary>
    public static string PathOf(string relativePath)
    {
        foreach (var folder in SearchFolders)
        {
            var candidate = Path.Combine(folder, relativePath);
            if (File.Exists(candidate)) return candidate;
        }
        return Path.Combine(SearchFolders[0], relativePath);
    }

    /// <summary>The packaged file of <paramref name="backbone"/>, checked against its pinned size.</summary>
    /// <exception cref="FileNotFoundException">The file is missing or not the expected one; the message says why and what to do.</exception>
    public static string Locate(CatalogBackbone backbone)
    {
        var path = PathOf(backbone.PackagedPath ?? throw new ArgumentException($"'{backbone.Name}' is not a packaged backbone.", nameof(backbone)));
        CheckFile(backbone.Name, path, backbone.SizeBytes);
        if (backbone.Spec.MeanImage is { } meanImage)
            CheckFile(backbone.Name, meanImage, size: null);
        return path;
    }

    private static void CheckFile(string name, string path, long? size)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException(
                $"Backbone '{name}' ships inside the NuGet package {ResNet18Package}, but '{path}' is missing " +
                $"(searched {string.Join(", ", SearchFolders)}). Build the app with a normal package restore: the package's " +
                $"build step copies the {FolderName} folder next to the app (a project that excludes the package's 'build' " +
                "assets, or a publish that trims content files, leaves it out).", path);
        }
        if (size is { } expected && file.Length != expected)
        {
            throw new FileNotFoundException(
                $"Backbone '{name}' at '{path}' is {file.Length} bytes, not the {expected} bytes of the packaged file: it was " +
                $"replaced or damaged. Restore the package {ResNet18Package} again (delete the app's {FolderName} folder and rebuild).", path);
        }
    }
}
