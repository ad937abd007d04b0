namespace MLNetTransfer.Runtime;

/// <summary>Turns ONNX Runtime's CUDA errors into one message: what is missing, and how to get it.</summary>
internal static class CudaFailures
{
    /// <summary>What a machine needs for <see cref="ExecutionDevice.Cuda"/>; the versions the GPU build 1.31 links against.</summary>
    internal const string Requirements =
        "CUDA needs the GPU build of ONNX Runtime in the application in place of the CPU one (package " +
        "Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0, with the native files of Microsoft.ML.OnnxRuntime excluded; " +
        "mlnet-transfer: build it with -p:OnnxRuntimeGpu=true), CUDA 13.x and cuDNN 9 for CUDA 13 on the library path, " +
        "and an NVIDIA driver >= 580 (docs/gpu.md).";

    public static ExecutionDeviceUnavailableException Explain(ExecutionDevice device, string source, Exception error)
    {
        var reason = Reason(error);
        return new ExecutionDeviceUnavailableException(
            $"Cannot run '{source}' on {device} with ONNX Runtime: {reason}. {Requirements} " +
            "Nothing ran on the CPU instead; choose the device cpu for that.", error);
    }

    private static string Reason(Exception error)
    {
        if (error is EntryPointNotFoundException)
            return "the ONNX Runtime library loaded is the CPU-only build, which has no CUDA provider";
        if (error is DllNotFoundException)
            return $"the ONNX Runtime library cannot be loaded ({error.Message})";
        var message = error.Message;
        // ONNX Runtime logs which library failed but does not put it in the exception: ask the loader.
        if (message.Contains("Failed to load", StringComparison.OrdinalIgnoreCase))
        {
            var missing = CudaLibraries.Missing();
            if (missing.Count > 0)
                return $"{string.Join(", ", missing)} cannot be loaded (not installed, or not on LD_LIBRARY_PATH)";
            if (!CudaLibraries.ProviderPresent())
                return $"ONNX Runtime's CUDA provider ({CudaLibraries.Provider}) is not beside the ONNX Runtime library: the application carries the CPU build";
        }
        if (message.Contains("fallback", StringComparison.OrdinalIgnoreCase) && message.Contains("CPU", StringComparison.Ordinal))
            return "some nodes of the model cannot run on CUDA, and running them on the CPU instead is switched off " +
                $"(ONNX Runtime: {FirstLine(message)})";
        return $"ONNX Runtime reports: {FirstLine(message)}";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 400 ? line : line[..400] + "...";
    }
}
