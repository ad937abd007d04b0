using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Scoring;

/// <summary>
/// The sidecar of an exported classifier: how an image becomes the graph's input, the classes in output order,
/// and which backbone it was built on. What any ONNX Runtime program needs to reproduce the app's scores.
/// </summary>
public sealed record ClassifierDescription
{
    public const string CurrentFormat = "mlnettransfer-classifier/1";

    public string Format { get; init; } = CurrentFormat;

    public required string[] Classes { get; init; }

    public required InputDescription Input { get; init; }

    public string Output { get; init; } =
        $"'{BackboneGraphBuilder.ScoreOutput}': float32 [N, classes], softmax probabilities in the order of 'classes'";

    public required BackboneDescription Backbone { get; init; }

    public sealed record InputDescription
    {
        public string Name { get; init; } = ImagePreprocessing.PixelsColumn;

        public string Layout { get; init; } = "float32 [N, 3, height, width], planar R, G, B planes, raw values 0..255";

        public required int Height { get; init; }

        public required int Width { get; init; }

        public string Decode { get; init; } =
            "apply EXIF orientation; composite alpha over black; JPEG may be decoded at reduced DCT scale down to minShortSide";

        public required int MinShortSide { get; init; }

        public string Resize { get; init; } =
            "ML.NET ResizeImages IsoCrop, anchor centre: scale so the image covers height x width keeping its aspect, crop the centre";
    }

    public sealed record BackboneDescription(string Name, string Sha256, BackboneSpec Spec);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ClassifierDescription FromJson(string json, string source) =>
        JsonSerializer.Deserialize<ClassifierDescription>(json, JsonOptions)
        ?? throw new InvalidDataException($"'{source}' is not a classifier description.");
}
