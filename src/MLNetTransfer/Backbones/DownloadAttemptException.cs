namespace MLNetTransfer.Backbones;

/// <summary>One download attempt failed; <see cref="Retryable"/> says whether trying again can help.</summary>
internal sealed class DownloadAttemptException(string message, bool retryable, Exception? innerException = null)
    : Exception(message, innerException)
{
    public bool Retryable { get; } = retryable;
}
