using MLNetTransfer.Cli.App;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>--precision's spellings.</summary>
public static class PrecisionFlag
{
    public static BackbonePrecision Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "float32" or "fp32" => BackbonePrecision.Float32,
        "int8" => BackbonePrecision.Int8,
        _ => throw new UsageException($"--precision must be float32 or int8 (got '{value}')."),
    };

    public static string Name(BackbonePrecision precision) => precision == BackbonePrecision.Int8 ? "int8" : "float32";
}
