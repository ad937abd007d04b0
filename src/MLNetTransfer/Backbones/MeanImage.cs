using System.Security.Cryptography;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Backbones;

/// <summary>
/// A per-pixel mean image that a backbone expects subtracted from its input (Caffe-era networks such as ML.NET's
/// ResNet18 were trained that way): 3 x height x width float values in the channel order fed to the backbone,
/// read from an ONNX file whose float initializers hold exactly one tensor of that size (e.g. a preprocessing graph
/// that subtracts it).
/// </summary>
internal sealed record MeanImage(float[] Values, string Sha256)
{
    /// <summary>Reads the mean image for a <paramref name="height"/> x <paramref name="width"/> input; errors name the file and the reason.</summary>
    public static MeanImage Load(string path, int height, int width, string source)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Backbone spec '{source}': 'meanImage' file '{path}' cannot be read: {e.Message}", e);
        }

        var expected = 3L * height * width;
        var document = OnnxModelDocument.Parse(bytes, path);
        var candidates = document.Initializers
            .Select(TryDecode)
            .Where(t => t is { Floats: not null } && t.ElementCount == expected)
            .ToArray();
        if (candidates.Length != 1)
        {
            throw new InvalidDataException(
                $"Backbone spec '{source}': 'meanImage' file '{path}' must hold exactly one float tensor of 3x{height}x{width} " +
                $"values (found {candidates.Length}).");
        }
        var values = candidates[0]!.Floats!;
        if (values.Any(v => !float.IsFinite(v)))
            throw new InvalidDataException($"Backbone spec '{source}': 'meanImage' tensor in '{path}' holds values that are not finite.");
        return new MeanImage(values, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    // Initializers of element types the decoder does not read (uint8 tables, strings) cannot be the mean image.
    private static OnnxTensorData? TryDecode(OnnxTensorRecord record)
    {
        try
        {
            return record.Decode();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
