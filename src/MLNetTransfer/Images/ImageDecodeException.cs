namespace MLNetTransfer.Images;

/// <summary>An image that cannot be used: <see cref="Reason"/> says why in words a user can act on.</summary>
internal sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string reason, Exception? inner = null)
        : base(reason, inner)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
