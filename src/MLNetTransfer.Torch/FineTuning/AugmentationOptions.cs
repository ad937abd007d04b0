namespace MLNetTransfer.Torch.FineTuning;

/// <summary>Random changes applied on the device to the 'pixels' tensors (0..255 RGB) before the frozen part runs.</summary>
public sealed record AugmentationOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Random resized crop: the crop keeps between this fraction of the image area and all of it.</summary>
    public float MinCropArea { get; init; } = 0.35f;

    /// <summary>Random resized crop: largest width/height ratio change (and its inverse).</summary>
    public float MaxAspectRatio { get; init; } = 4f / 3f;

    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Colour jitter: each factor is drawn from [1 - x, 1 + x].</summary>
    public float Brightness { get; init; } = 0.3f;

    public float Contrast { get; init; } = 0.3f;

    public float Saturation { get; init; } = 0.3f;
}
