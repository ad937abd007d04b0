namespace MLNetTransfer.Torch.FineTuning;

/// <summary>One training epoch: mean cross-entropy and accuracy on the (augmented) training views, and its duration.</summary>
public sealed record FineTuneEpoch(int Epoch, double CrossEntropy, double Accuracy, TimeSpan Elapsed);
