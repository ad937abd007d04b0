using Microsoft.ML.OnnxRuntime;

namespace MLNetTransfer.Runtime;

/// <summary>
/// The one place where this library creates ONNX Runtime sessions, so the thread settings and the execution
/// provider are decided once. CUDA is all or nothing: a missing library is a clear
/// <see cref="ExecutionDeviceUnavailableException"/>, and the CPU fallback for nodes CUDA cannot run is switched off,
/// so a model asked to run on the GPU never runs, wholly or partly, on the CPU without saying so.
/// (The saved ML.NET model, model.zip, scores through ML.NET's own ONNX step, which makes its own CPU session.)
/// </summary>
internal static class OnnxSessionFactory
{
    /// <summary>ONNX Runtime's session config key that turns a node left to the CPU into a session error.</summary>
    internal const string DisableCpuFallbackKey = "session.disable_cpu_ep_fallback";

    public static InferenceSession Create(byte[] model, OnnxSessionSettings settings, string source) =>
        Create(options => new InferenceSession(model, options), settings, source);

    public static InferenceSession Create(string modelPath, OnnxSessionSettings settings) =>
        Create(options => new InferenceSession(modelPath, options), settings, modelPath);

    private static InferenceSession Create(Func<SessionOptions, InferenceSession> open, OnnxSessionSettings settings, string source)
    {
        using var options = Options(settings, source);
        try
        {
            return open(options);
        }
        catch (OnnxRuntimeException e) when (settings.Device.IsCuda)
        {
            throw CudaFailures.Explain(settings.Device, source, e);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"'{source}' cannot be loaded by ONNX Runtime: {e.Message}", e);
        }
    }

    private static SessionOptions Options(OnnxSessionSettings settings, string source)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, settings.IntraOpThreads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (!settings.Device.IsCuda)
            return options;
        try
        {
            options.AddSessionConfigEntry(DisableCpuFallbackKey, "1");
            options.AppendExecutionProvider_CUDA(settings.Device.DeviceId);
            return options;
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            options.Dispose();
            throw CudaFailures.Explain(settings.Device, source, e);
        }
    }
}
