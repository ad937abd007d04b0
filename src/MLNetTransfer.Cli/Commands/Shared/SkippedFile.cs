using MLNetTransfer.Featurization;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>A file left out of a run, and why; the shape of every "skipped" list in JSON.</summary>
public sealed record SkippedFile(string File, string Reason)
{
    public static SkippedFile From(SkippedImage image) => new(image.Name, image.Reason);
}
