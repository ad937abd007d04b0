namespace MLNetTransfer.Torch;

/// <summary>libtorch could not be loaded, or the device asked for is not there. The message says what is missing.</summary>
public sealed class TorchUnavailableException : Exception
{
    public TorchUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
