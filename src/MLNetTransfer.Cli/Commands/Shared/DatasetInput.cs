using MLNetTransfer.Cli.App;
using MLNetTransfer.Data;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>What a dataset argument is for, so a refusal can say which folders to pass instead.</summary>
public enum DatasetUse
{
    /// <summary>train's --data or --validation.</summary>
    Training,

    /// <summary>evaluate's --data.</summary>
    Evaluation,
}

/// <summary>
/// Reads a dataset argument (a folder with one sub-folder per class, or a "path,label" list file) and refuses a folder
/// that is plainly not class folders, because scanning it would train or score classes nobody meant: a dataset root
/// holding train/ and val/ (classes "train" and "val"), or a folder one level above the class folders.
/// </summary>
public static class DatasetInput
{
    private static readonly string[] TrainNames = ["train", "training"];
    private static readonly string[] ValidationNames = ["val", "valid", "validation"];
    private static readonly string[] TestNames = ["test", "testing"];

    public static ImageFolderDataset Load(string argument, string flag, DatasetUse use)
    {
        if (File.Exists(argument))
            return ImageFolderDataset.FromList(argument);
        if (Directory.Exists(argument))
            RefuseNonClassFolders(argument, flag, use);
        return ImageFolderDataset.Scan(argument);
    }

    internal static void RefuseNonClassFolders(string folder, string flag, DatasetUse use)
    {
        var subfolders = Directory.EnumerateDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal).ToArray();
        string? Find(string[] names) => subfolders.FirstOrDefault(d => names.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase));
        var train = Find(TrainNames);
        var validation = Find(ValidationNames);
        var test = Find(TestNames);
        var splits = new[] { train, validation, test }.OfType<string>().ToArray();

        // One folder named "test" that holds images may be a real class; two split names, or one holding class folders, are not.
        if (splits.Length >= 2 || splits.Any(HoldsOnlyFolders))
        {
            var holds = string.Join(" and ", splits.Select(s => Path.GetFileName(s) + "/"));
            throw new BadInputException($"{flag} {folder} looks like a dataset root: it holds {holds}, which would become classes; " +
                $"pass {Suggestion(folder, train, validation, test, use)}.");
        }
        if (subfolders.Length > 0 && subfolders.All(HoldsOnlyFolders))
        {
            var inner = Directory.EnumerateDirectories(subfolders[0]).Where(d => !Path.GetFileName(d).StartsWith('.'))
                .Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(5);
            throw new BadInputException($"{flag} {folder} looks one level above the class folders: its folders " +
                $"({string.Join(", ", subfolders.Take(5).Select(Path.GetFileName))}) hold only sub-folders " +
                $"({string.Join(", ", inner)}), no images; pass the folder whose sub-folders are the classes, e.g. " +
                $"{flag} {Child(folder, subfolders[0])}.");
        }
    }

    private static string Suggestion(string root, string? train, string? validation, string? test, DatasetUse use)
    {
        if (use == DatasetUse.Evaluation)
            return $"--data {Child(root, test ?? validation ?? train!)}";
        var parts = new List<string>();
        if (train is not null)
            parts.Add($"--data {Child(root, train)}");
        if (validation is not null)
            parts.Add($"--validation {Child(root, validation)}");
        var pass = parts.Count > 0 ? string.Join(" ", parts) : $"--data {Child(root, (validation ?? test)!)}";
        return test is null ? pass : $"{pass} (and keep {Child(root, test)} for 'evaluate --data {Child(root, test)}')";
    }

    /// <summary>The sub-folder as the user would type it: under the argument as they gave it.</summary>
    private static string Child(string root, string subfolder) => Path.Combine(root, Path.GetFileName(subfolder));

    private static bool HoldsOnlyFolders(string folder)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder).Where(e => !Path.GetFileName(e).StartsWith('.')).ToArray();
        return entries.Length > 0 && entries.All(Directory.Exists);
    }
}
