namespace MLNetTransfer.Training;

/// <summary>
/// Training could not go on with the settings given: the loss diverged (NaN or infinity) or the learning rate
/// vanished. The message says which setting to change.
/// </summary>
public sealed class HeadTrainingException(string message) : Exception(message);
