namespace MLNetTransfer.Featurization;

/// <summary>
/// The input images, shared by the pipeline's workers: each takes its next image when it is free, so a slow image
/// holds up one worker, not the others. <see cref="Stop"/> (a failed worker) ends the queue for all of them.
/// </summary>
internal sealed class ImageQueue(IEnumerable<ImageInput> images, CancellationToken cancellation) : IDisposable
{
    private readonly object _gate = new();
    private readonly IEnumerator<ImageInput> _source = images.GetEnumerator();
    private bool _exhausted;

    /// <summary>The next image, or false when there is none left (or the queue was stopped); throws when cancelled.</summary>
    public bool TryTake(out ImageInput image)
    {
        lock (_gate)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!_exhausted && _source.MoveNext())
            {
                image = _source.Current;
                return true;
            }
            _exhausted = true;
            image = null!;
            return false;
        }
    }

    /// <summary>No worker gets another image.</summary>
    public void Stop()
    {
        lock (_gate)
            _exhausted = true;
    }

    public void Dispose()
    {
        lock (_gate)
            _source.Dispose();
    }
}
