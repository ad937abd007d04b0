namespace MLNetTransfer.Torch;

/// <summary>Where and how the TorchSharp engine runs.</summary>
public sealed record TorchEngineOptions
{
    /// <summary>"cpu", "cuda" (the first GPU) or "cuda:N". A GPU that cannot be used is an error, never a CPU fallback.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Images per forward pass when featurizing.</summary>
    public int BatchSize { get; init; } = 64;
}
