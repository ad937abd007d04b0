namespace MLNetTransfer.Runtime;

/// <summary>What a session is made for: the device, and how many threads one Run may split its work across.</summary>
internal sealed record OnnxSessionSettings(ExecutionDevice Device, int IntraOpThreads)
{
    /// <summary>
    /// Featurizing: several runners call the session at once, each on one thread. On a small batch that beats
    /// splitting every convolution across the cores, which leaves them waiting on each other.
    /// </summary>
    public static OnnxSessionSettings ConcurrentRuns(ExecutionDevice device) => new(device, 1);

    /// <summary>Predicting one image at a time: the one Run uses every core.</summary>
    public static OnnxSessionSettings SingleRun(ExecutionDevice device) => new(device, Environment.ProcessorCount);
}
