namespace MLNetTransfer.Runtime;

/// <summary>
/// The requested <see cref="ExecutionDevice"/> cannot run the model: the GPU build of ONNX Runtime or a CUDA
/// library is missing, no such GPU exists, or a node cannot run on it. The message says what and how to fix it.
/// </summary>
public sealed class ExecutionDeviceUnavailableException : Exception
{
    public ExecutionDeviceUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public ExecutionDeviceUnavailableException()
    {
    }

    public ExecutionDeviceUnavailableException(string message)
        : base(message)
    {
    }
}
