using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Trainers;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Scoring;
using MLNetTransfer.Training;

namespace MLNetTransfer.Cli.Commands.Inspect;

/// <summary>
/// What a train output folder says about how its head was made: the classifier description (model.json: classes,
/// backbone spec and hash) and the settings in metrics.json (backbone file, epochs, learning rate...), so the head
/// can be trained again the same way.
/// </summary>
internal sealed record TrainedRun(string Folder, ClassifierDescription Description, string BackbonePath, HeadTrainingOptions HeadOptions,
    bool BalanceClasses, string? CacheDir, bool NoCache)
{
    public static TrainedRun Load(string modelArgument)
    {
        var full = Path.GetFullPath(modelArgument);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? ".";
        var descriptionPath = Path.Combine(folder, Path.ChangeExtension(ModelFiles.ModelOnnx, ".json"));
        var metricsPath = Path.Combine(folder, TrainRun.MetricsFile);
        foreach (var needed in new[] { descriptionPath, metricsPath })
        {
            if (!File.Exists(needed))
                throw new BadInputException($"'{needed}' does not exist: --model must be a folder written by 'mlnet-transfer train'.");
        }
        var description = ClassifierDescription.FromJson(File.ReadAllText(descriptionPath), descriptionPath);

        JsonElement settings;
        int? bestEpoch;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metricsPath));
            settings = document.RootElement.GetProperty("settings").Clone();
            bestEpoch = document.RootElement.TryGetProperty("bestEpoch", out var best) && best.ValueKind == JsonValueKind.Number ? best.GetInt32() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new BadInputException($"'{metricsPath}' has no readable settings: {e.Message}", e);
        }

        var backbone = Text(settings, "backbone")
            ?? throw new BadInputException($"'{metricsPath}' does not name the backbone file the model was trained on.");
        var learningRate = (float)(Number(settings, "learningRate") ?? 0.01);
        var head = new HeadTrainingOptions
        {
            // As long as the kept head trained (to its best epoch), so the fold heads are as confident as it.
            Epoch = bestEpoch is { } kept ? kept + 1 : (int)(Number(settings, "epochs") ?? 200),
            BatchSize = (int)(Number(settings, "batchSize") ?? 10),
            LearningRate = learningRate,
            // What train's options use (TrainerOptions): Vision's default schedule from the given rate.
            LearningRateScheduler = new ExponentialLRDecay(learningRate),
            LabelSmoothing = (float)(Number(settings, "labelSmoothing") ?? 0),
            Seed = (int)(Number(settings, "seed") ?? 0),
        };
        return new TrainedRun(folder, description, backbone, head, Flag(settings, "balanceClasses"), Text(settings, "cacheDir"), Flag(settings, "noCache"));
    }

    private static string? Text(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : settings.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.String
          && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static bool Flag(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
