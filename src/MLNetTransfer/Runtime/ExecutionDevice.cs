using System.Globalization;

namespace MLNetTransfer.Runtime;

/// <summary>
/// Where ONNX Runtime runs a model: "cpu", "cuda" (device 0) or "cuda:N". CUDA needs the GPU build of ONNX Runtime
/// and the CUDA libraries (docs/gpu.md); when they are missing the session fails with
/// <see cref="ExecutionDeviceUnavailableException"/>, never a quiet run on the CPU.
/// </summary>
public readonly record struct ExecutionDevice
{
    private ExecutionDevice(bool isCuda, int deviceId)
    {
        IsCuda = isCuda;
        DeviceId = deviceId;
    }

    public static ExecutionDevice Cpu => default;

    public static ExecutionDevice Cuda(int deviceId = 0) => deviceId >= 0
        ? new(true, deviceId)
        : throw new ArgumentOutOfRangeException(nameof(deviceId), deviceId, "A CUDA device id is 0 or more.");

    public bool IsCuda { get; }

    /// <summary>The CUDA device id; 0 on the CPU.</summary>
    public int DeviceId { get; }

    /// <summary>Reads "cpu", "cuda" or "cuda:N" (any case, surrounding spaces ignored).</summary>
    public static ExecutionDevice Parse(string text) => TryParse(text, out var device) ? device
        : throw new FormatException($"Device '{text}' is not one of \"cpu\", \"cuda\" or \"cuda:N\" (N = 0, 1, ...).");

    public static bool TryParse(string? text, out ExecutionDevice device)
    {
        device = Cpu;
        var value = text?.Trim().ToLowerInvariant();
        switch (value)
        {
            case "cpu":
                return true;
            case "cuda":
                device = Cuda();
                return true;
        }
        if (value is null || !value.StartsWith("cuda:", StringComparison.Ordinal)
            || !int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return false;
        device = Cuda(id);
        return true;
    }

    public override string ToString() => IsCuda ? $"cuda:{DeviceId}" : "cpu";
}
