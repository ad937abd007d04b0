namespace MLNetTransfer.Torch;

/// <summary>A parsed <see cref="TorchEngineOptions.Device"/>: "cpu", "cuda" or "cuda:N".</summary>
internal readonly record struct DeviceName(bool IsCuda, int Index)
{
    public static DeviceName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        if (value == "cpu") return new(false, 0);
        if (value == "cuda") return new(true, 0);
        if (value.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(value[5..], out var index) && index >= 0)
            return new(true, index);
        throw new ArgumentException($"Device '{text}' is not one of \"cpu\", \"cuda\" or \"cuda:N\" (N = 0, 1, ...).", nameof(text));
    }

    public override string ToString() => IsCuda ? $"cuda:{Index}" : "cpu";
}
