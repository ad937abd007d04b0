namespace MLNetTransfer.Featurization;

/// <summary>
/// Reports on the calling thread, at once. (Progress&lt;T&gt; posts to a synchronization context, so reports can
/// arrive late or out of order.)
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly object _gate = new();

    public void Report(T value)
    {
        lock (_gate)
            report(value);
    }
}
