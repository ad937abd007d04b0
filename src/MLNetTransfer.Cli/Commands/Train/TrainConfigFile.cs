using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetTransfer.Cli.App;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Reads --config FILE: the train flags as JSON keys in camelCase ({"data": "...", "epochs": 50}). Relative paths
/// resolve against the file's folder, so a config checked in beside its data works from any working directory.
/// </summary>
public static class TrainConfigFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt key would otherwise be ignored silently and the run would use a default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static TrainSettings Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new BadInputException($"Config file '{full}' does not exist.");
        TrainSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<TrainSettings>(File.ReadAllText(full), Options)
                ?? throw new UsageException($"Config file '{full}' is empty.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"Config file '{full}' is not valid: {e.Message}");
        }

        var folder = Path.GetDirectoryName(full)!;
        string? Resolve(string? p) => p is null ? null : Path.GetFullPath(p, folder);
        return settings with
        {
            Data = Resolve(settings.Data),
            Validation = Resolve(settings.Validation),
            Backbone = Resolve(settings.Backbone),
            AdditionalBackbones = settings.AdditionalBackbones?.Select(p => Resolve(p)!).ToArray(),
            Output = Resolve(settings.Output),
            CacheDir = Resolve(settings.CacheDir),
        };
    }
}
