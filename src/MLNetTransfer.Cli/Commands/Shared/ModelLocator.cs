using MLNetTransfer.Cli.App;
using MLNetTransfer.Scoring;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>
/// Resolves --model: a model.zip, or a folder that holds one (what train writes). The folder is checked first: its
/// files must be the ones its manifest.json lists (one run, never a mix), and its model.json must be valid.
/// </summary>
public static class ModelLocator
{
    public const string ModelFileName = "model.zip";
    public const string DescriptionFileName = "model.json";

    public static string Resolve(string modelArgument)
    {
        var full = Path.GetFullPath(modelArgument);
        if (Directory.Exists(full))
        {
            var inside = Path.Combine(full, ModelFileName);
            if (!File.Exists(inside))
                throw new BadInputException($"Model folder '{full}' has no {ModelFileName}; point --model at a train output folder or a model zip.");
            CheckFolder(full);
            return inside;
        }
        if (!File.Exists(full))
            throw new BadInputException($"Model '{full}' does not exist.");
        CheckFolder(Path.GetDirectoryName(full)!);
        return full;
    }

    private static void CheckFolder(string folder)
    {
        ModelManifest.Verify(folder);
        var description = Path.Combine(folder, DescriptionFileName);
        if (File.Exists(description))
            ClassifierDescription.FromJson(File.ReadAllText(description), description);
    }
}
