namespace MLNetTransfer.Prediction;

/// <summary>An image the model could not score, with the image's name and the reason.</summary>
public sealed class ImagePredictionException(string name, string reason, Exception? inner = null)
    : Exception($"Cannot predict '{name}': {reason}", inner)
{
    public string Name { get; } = name;

    public string Reason { get; } = reason;
}
