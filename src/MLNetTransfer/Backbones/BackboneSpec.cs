using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNetTransfer.Backbones;

/// <summary>Memory layout of the backbone's image input tensor.</summary>
public enum TensorLayout
{
    /// <summary>Batch, channel, height, width.</summary>
    NCHW,
    /// <summary>Batch, height, width, channel.</summary>
    NHWC,
}

/// <summary>Element type of the backbone's image input tensor.</summary>
public enum InputElementType
{
    Float32,
    UInt8,
}

/// <summary>Order of the colour channels the backbone expects.</summary>
public enum ChannelOrder
{
    RGB,
    BGR,
}

/// <summary>
/// How to feed an ONNX backbone and where its bottleneck features are: the JSON sidecar that sits beside
/// the <c>.onnx</c> file with the same stem. The value fed for pixel p (0..255) of channel c at row y, column x is
/// <c>(p * Scale - Mean[c] - MeanImage[c, y, x]) / Std[c]</c>, cast to <see cref="ElementType"/>; the mean image
/// term is zero unless <see cref="MeanImage"/> is set.
/// </summary>
public sealed record BackboneSpec
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A human-readable name; defaults to the file stem.</summary>
    public string Name { get; init; } = "";

    /// <summary>Name of the graph input that takes the image tensor.</summary>
    public string Input { get; init; } = "";

    public TensorLayout Layout { get; init; } = TensorLayout.NCHW;

    public InputElementType ElementType { get; init; } = InputElementType.Float32;

    public int Height { get; init; }

    public int Width { get; init; }

    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.RGB;

    public float Scale { get; init; } = 1f;

    public float[] Mean { get; init; } = [0f, 0f, 0f];

    public float[] Std { get; init; } = [1f, 1f, 1f];

    /// <summary>
    /// Optional per-pixel mean image (Caffe-style backbones): an ONNX file whose float initializers hold exactly one
    /// tensor of 3 x Height x Width values, in the channel order fed to the backbone. A relative path in a sidecar is
    /// relative to the sidecar's folder.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MeanImage { get; init; }

    /// <summary>Name of the tensor holding the pooled features: a graph output or any intermediate tensor.</summary>
    public string Features { get; init; } = "";

    /// <summary>Reads and validates a spec file. Errors name the file and the field.</summary>
    public static BackboneSpec Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Backbone spec '{path}' cannot be read: {e.Message}", e);
        }

        var spec = Parse(json, path);
        if (spec.MeanImage is { } meanImage && !Path.IsPathFullyQualified(meanImage))
            spec = spec with { MeanImage = Path.GetFullPath(meanImage, Path.GetDirectoryName(Path.GetFullPath(path))!) };
        return string.IsNullOrEmpty(spec.Name) ? spec with { Name = Path.GetFileNameWithoutExtension(path) } : spec;
    }

    /// <summary>Parses and validates spec JSON; <paramref name="source"/> names it in errors.</summary>
    public static BackboneSpec Parse(string json, string source = "<spec>")
    {
        BackboneSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<BackboneSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Backbone spec '{source}' is not valid JSON: {e.Message}", e);
        }

        if (spec is null)
            throw new InvalidDataException($"Backbone spec '{source}' is empty.");
        spec.Validate(source);
        return spec;
    }

    /// <summary>The spec file that sits beside an ONNX file: same folder, same stem, <c>.json</c>.</summary>
    public static string SidecarPathFor(string onnxPath) => Path.ChangeExtension(onnxPath, ".json");

    /// <summary>
    /// Largest input side: backbones take 224-600 pixels; 8192 x 8192 is already 800 MB of float pixels per image,
    /// and larger sizes would overflow the buffers' lengths.
    /// </summary>
    public const int MaxSide = 8192;

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first field that is wrong.</summary>
    public void Validate(string source = "<spec>")
    {
        void Fail(string field, string why) =>
            throw new InvalidDataException($"Backbone spec '{source}': '{field}' {why}");

        if (string.IsNullOrWhiteSpace(Input)) Fail("input", "must name the graph input that takes the image.");
        if (string.IsNullOrWhiteSpace(Features)) Fail("features", "must name the tensor that holds the pooled features.");
        if (Height is <= 0 or > MaxSide) Fail("height", $"must be a number of pixels from 1 to {MaxSide} (got {Height}).");
        if (Width is <= 0 or > MaxSide) Fail("width", $"must be a number of pixels from 1 to {MaxSide} (got {Width}).");
        if (!(Scale > 0) || float.IsInfinity(Scale)) Fail("scale", $"must be a positive finite number (got {Scale}).");
        if (Mean is not { Length: 3 }) Fail("mean", "must have exactly 3 values, one per channel.");
        if (Std is not { Length: 3 }) Fail("std", "must have exactly 3 values, one per channel.");
        if (Mean.Any(m => !float.IsFinite(m))) Fail("mean", "must hold finite numbers.");
        if (Std.Any(s => !float.IsFinite(s) || s == 0)) Fail("std", "must hold finite, non-zero numbers.");
        if (!Enum.IsDefined(Layout)) Fail("layout", "must be NCHW or NHWC.");
        if (!Enum.IsDefined(ElementType)) Fail("elementType", "must be float32 or uint8.");
        if (!Enum.IsDefined(ChannelOrder)) Fail("channelOrder", "must be RGB or BGR.");
        if (MeanImage is not null && string.IsNullOrWhiteSpace(MeanImage)) Fail("meanImage", "must name a file when present.");
    }

    /// <summary>True when the normalization is the identity (the graph takes raw 0..255 values).</summary>
    [JsonIgnore]
    public bool IsIdentityNormalization =>
        Scale == 1f && Mean.All(m => m == 0f) && Std.All(s => s == 1f) && MeanImage is null;

    internal MeanImage LoadMeanImage(string source) =>
        Backbones.MeanImage.Load(MeanImage ?? throw new InvalidOperationException("The spec has no mean image."), Height, Width, source);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());
}
