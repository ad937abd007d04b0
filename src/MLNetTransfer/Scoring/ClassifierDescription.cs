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
internal sealed record ClassifierDescription
{
    public const string CurrentFormat = "mlnettransfer-classifier/1";

    public string Format { get; init; } = CurrentFormat;

    public required string[] Classes { get; init; }

    public required InputDescription Input { get; init; }

    public string Output { get; init; } =
        $"'{BackboneGraphBuilder.ScoreOutput}': float32 [N, classes], softmax probabilities in the order of 'classes'";

    public required BackboneDescription Backbone { get; init; }

    /// <summary>
    /// Backbones whose features follow <see cref="Backbone"/>'s in the head's input, in order; null for one backbone.
    /// All read the same 'pixels' input, sized for the backbone with the most pixels; a smaller one resizes it inside the graph
    /// (ONNX Resize, linear, half_pixel), and each applies its own normalization there.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BackboneDescription[]? AdditionalBackbones { get; init; }

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

    /// <summary>Largest input side a description may ask for: far above any backbone, far below what overflows.</summary>
    public const int MaxInputSide = 8192;

    /// <summary>Reads and checks a description; any problem is an InvalidDataException naming the file and the field.</summary>
    public static ClassifierDescription FromJson(string json, string source)
    {
        ClassifierDescription? description;
        try
        {
            description = JsonSerializer.Deserialize<ClassifierDescription>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' is not a valid classifier description: {e.Message}", e);
        }
        if (description is null)
            throw new InvalidDataException($"'{source}' is not a classifier description.");
        description.Validate(source);
        return description;
    }

    /// <summary>Checks what scoring relies on: the format, the class names, the input size.</summary>
    public void Validate(string source)
    {
        InvalidDataException Bad(string field, string problem) => new($"'{source}': field '{field}' {problem}.");
        if (Format != CurrentFormat)
            throw Bad("format", $"is '{Format}'; this version reads '{CurrentFormat}'");
        if (Classes is not { Length: >= 1 })
            throw Bad("classes", "is missing or empty");
        var blank = Array.FindIndex(Classes, c => string.IsNullOrWhiteSpace(c));
        if (blank >= 0)
            throw Bad("classes", $"has an empty name at position {blank}");
        var repeated = Classes.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw Bad("classes", $"names '{repeated.Key}' more than once");
        if (Input is null)
            throw Bad("input", "is missing");
        if (Input.Height is < 1 or > MaxInputSide)
            throw Bad("input.height", $"is {Input.Height}, outside 1..{MaxInputSide}");
        if (Input.Width is < 1 or > MaxInputSide)
            throw Bad("input.width", $"is {Input.Width}, outside 1..{MaxInputSide}");
        if (Input.MinShortSide is < 0 or > MaxInputSide)
            throw Bad("input.minShortSide", $"is {Input.MinShortSide}, outside 0..{MaxInputSide}");
    }
}
