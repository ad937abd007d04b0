namespace MLNetTransfer.Vision;

/// <summary>Where the time of one training run went.</summary>
public sealed record TrainingTimings(
    TimeSpan ResolveBackbone,
    TimeSpan FeaturizeTrain,
    TimeSpan FeaturizeValidation,
    TimeSpan TrainHead,
    TimeSpan BuildModel)
{
    public TimeSpan Featurize => FeaturizeTrain + FeaturizeValidation;

    public TimeSpan Total => ResolveBackbone + Featurize + TrainHead + BuildModel;
}
