namespace MLNetTransfer.Backbones;

/// <summary>
/// A lock shared by every process and thread that uses the same cache folder: a <c>.lock</c> file held open with
/// <see cref="FileShare.None"/>. The file is left in place on release, because deleting it would let a waiter lock
/// the old file while a newcomer locks a new one.
/// </summary>
internal sealed class CacheFileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _stream;

    private CacheFileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits, polling, until the lock is free; only cancellation ends the wait.</summary>
    public static async Task<CacheFileLock> AcquireAsync(string lockPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new CacheFileLock(stream);
            }
            catch (IOException)
            {
                // Held by another process or thread: wait for it. Waiting has no limit of its own, as the holder may be
                // mid-way through a long download; the caller's cancellation token bounds it.
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();
}
