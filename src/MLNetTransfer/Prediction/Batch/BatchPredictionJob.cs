using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetTransfer.Prediction.Batch;

/// <summary>
/// A batch prediction split into shards: the images (a class-folder tree or a list file), the trained model (model.zip,
/// or the exported model.onnx with its model.json) with the SHA-256 of its bytes, the store the per-shard result files go
/// to, and the number of shards. It travels as JSON like a featurizing job; <see cref="Kind"/> tells them apart. The
/// model's hash is part of the definition, so a retrained model is a new job and never reuses old results.
/// </summary>
internal sealed record BatchPredictionJob
{
    /// <summary>The value of <see cref="Kind"/> that marks a prediction job's JSON.</summary>
    public const string PredictKind = "predict";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public string Kind { get; init; } = PredictKind;

    /// <summary>A folder of images (every image file below it is scored).</summary>
    public string? DataRoot { get; init; }

    /// <summary>A "path,label" list file (paths relative to its folder), instead of <see cref="DataRoot"/>.</summary>
    public string? ListFile { get; init; }

    /// <summary>model.zip, or an exported model.onnx (its model.json beside it).</summary>
    public required string ModelPath { get; init; }

    /// <summary>SHA-256 (hex) of the model file: a worker refuses a model file that changed since the job was made.</summary>
    public required string ModelHash { get; init; }

    /// <summary>The store's root folder; shard results go to 'predictions/JOB/' below it.</summary>
    public required string Store { get; init; }

    public required int ShardCount { get; init; }

    /// <summary>Reads a model file's hash, for <see cref="ModelHash"/>.</summary>
    public static string HashOf(string modelPath)
    {
        using var stream = File.OpenRead(modelPath);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static BatchPredictionJob FromJson(string json) =>
        JsonSerializer.Deserialize<BatchPredictionJob>(json, JsonOptions) ?? throw new InvalidDataException("A prediction job's JSON is 'null'.");

    /// <summary>True when a job definition (JSON) is a prediction job rather than a featurizing one.</summary>
    public static bool IsPredictionJob(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object &&
               document.RootElement.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == PredictKind;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (Kind != PredictKind)
            throw new ArgumentException($"A prediction job's Kind is '{PredictKind}' (got '{Kind}').");
        if ((DataRoot is null) == (ListFile is null))
            throw new ArgumentException("A prediction job needs exactly one of DataRoot (a folder) or ListFile (a path,label list).");
        if (string.IsNullOrWhiteSpace(ModelPath))
            throw new ArgumentException("A prediction job needs ModelPath, a model.zip or model.onnx.");
        if (string.IsNullOrWhiteSpace(ModelHash))
            throw new ArgumentException("A prediction job needs ModelHash, the SHA-256 of its model file.");
        if (string.IsNullOrWhiteSpace(Store))
            throw new ArgumentException("A prediction job needs Store, the folder the shard results go to.");
        if (ShardCount < 1)
            throw new ArgumentException($"ShardCount must be at least 1 (got {ShardCount}).");
    }

    internal void ValidateShard(int shardIndex)
    {
        if (shardIndex < 0 || shardIndex >= ShardCount)
            throw new ArgumentOutOfRangeException(nameof(shardIndex), $"Shard {shardIndex} does not exist: shards are 0 to {ShardCount - 1}.");
    }
}
