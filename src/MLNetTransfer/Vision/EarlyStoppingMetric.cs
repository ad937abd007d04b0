namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>The metric that <see cref="EarlyStopping"/> monitors.</summary>
    public enum EarlyStoppingMetric
    {
        Accuracy,
        Loss,
    }
}
