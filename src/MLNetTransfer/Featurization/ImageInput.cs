namespace MLNetTransfer.Featurization;

/// <summary>
/// One image to featurize: a file path, or bytes already in memory. <see cref="Name"/> identifies it in
/// messages (the path, or whatever names the row), <see cref="Index"/> is its position in the input.
/// </summary>
internal sealed record ImageInput(int Index, string Name, string? Path = null, byte[]? Bytes = null)
{
    public static ImageInput FromFile(int index, string path) => new(index, path, Path: path);

    public static ImageInput FromBytes(int index, string name, byte[] bytes) => new(index, name, Bytes: bytes);
}

/// <summary>An image that was left out, and why.</summary>
public sealed record SkippedImage(string Name, string Reason)
{
    public override string ToString() => $"{Name}: {Reason}";
}

/// <summary>Counts so far, reported after every image.</summary>
public readonly record struct FeaturizeProgress(int Processed, int FromCache, int Computed, int Skipped);
