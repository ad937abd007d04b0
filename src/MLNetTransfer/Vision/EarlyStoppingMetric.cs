namespace MLNetTransfer.Vision;

/// <summary>The metric that <see cref="EarlyStopping"/> monitors.</summary>
public enum EarlyStoppingMetric
{
    Accuracy,
    Loss,
}
