using System.Text.Json;
using MLNetTransfer.Cli.App;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Reads --config FILE: the train flags (<see cref="TrainFlags"/>) as JSON keys in camelCase ({"data": "...", "epochs": 50}).
/// Relative paths resolve against the file's folder, so a config checked in beside its data works from any working directory.
/// </summary>
public static class TrainConfigFile
{
    private static readonly JsonDocumentOptions Document = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions Values = new();

    public static TrainSettings Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new BadInputException($"Config file '{full}' does not exist.");
        var settings = new TrainSettings();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(full), Document);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"Config file '{full}' must hold one JSON object of settings, e.g. {{\"data\": \"photos\", \"epochs\": 50}}.");
            foreach (var entry in json.RootElement.EnumerateObject())
            {
                // A misspelt key would otherwise be ignored silently and the run would use a default.
                var flag = TrainFlags.ForConfigKey(entry.Name) ?? throw new UsageException(
                    $"Config file '{full}': unknown key '{entry.Name}'. Keys: {string.Join(", ", TrainFlags.All.Select(f => f.ConfigKey))}.");
                settings = flag.ReadConfig(entry.Value, Values, settings);
            }
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
            Store = Resolve(settings.Store),
        };
    }
}
