using MLNetTransfer.Cli.App;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>Resolves --model: a model.zip, or a folder that holds one (what train writes).</summary>
public static class ModelLocator
{
    public const string ModelFileName = "model.zip";

    public static string Resolve(string modelArgument)
    {
        var full = Path.GetFullPath(modelArgument);
        if (Directory.Exists(full))
        {
            var inside = Path.Combine(full, ModelFileName);
            return File.Exists(inside) ? inside
                : throw new BadInputException($"Model folder '{full}' has no {ModelFileName}; point --model at a train output folder or a model zip.");
        }
        return File.Exists(full) ? full : throw new BadInputException($"Model '{full}' does not exist.");
    }
}
