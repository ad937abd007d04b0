using TorchSharp;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch;

/// <summary>
/// Loads libtorch through TorchSharp once and turns a device name into a torch device, with errors that say
/// exactly what is missing. There is no CPU fallback: asking for CUDA where it is absent fails.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<(string Reason, Exception Cause)?> LoadError = new(Probe);

    /// <summary>True when libtorch loads; otherwise <paramref name="reason"/> says which library or symbol failed.</summary>
    public static bool TryLoad(out string? reason)
    {
        reason = LoadError.Value?.Reason;
        return reason is null;
    }

    /// <summary>
    /// Throws <see cref="TorchUnavailableException"/> unless libtorch is loaded: one paragraph saying what is missing,
    /// with TorchSharp's own loader trace (dozens of lines) kept in the inner exception.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
            throw new TorchUnavailableException(error.Reason, error.Cause);
    }

    /// <summary>The torch device for a name such as "cuda:1", after checking it can be used.</summary>
    public static Device ResolveDevice(string name)
    {
        var parsed = DeviceName.Parse(name);
        EnsureLoaded();
        if (!parsed.IsCuda)
            return CPU;

        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
        }
        catch (Exception e)
        {
            throw new TorchUnavailableException(
                $"Device '{name}' needs libtorch's CUDA backend (libtorch_cuda), which could not be loaded: {Summarize(e)} " +
                "Put a CUDA build of libtorch (PyTorch's torch/lib and its nvidia/*/lib folders) on the library path.", e);
        }

        if (!torch.cuda.is_available())
            throw new TorchUnavailableException(
                $"Device '{name}' was asked for, but torch.cuda.is_available() is false (CUDA device count: {torch.cuda.device_count()}). " +
                "Check the NVIDIA driver and that the libtorch on the library path is a CUDA build. The engine does not fall back to the CPU.");
        var count = torch.cuda.device_count();
        if (parsed.Index >= count)
            throw new TorchUnavailableException($"Device '{name}' was asked for, but only {count} CUDA device(s) are visible (cuda:0..cuda:{count - 1}).");
        return torch.device(DeviceType.CUDA, parsed.Index);
    }

    private static (string, Exception)? Probe()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e)
        {
            return ("TorchSharp could not load libtorch: " + Summarize(e) +
                " TorchSharp 0.107 needs libtorch 2.10-compatible native libraries (libtorch.so, libc10.so, libtorch_cpu.so; " +
                "e.g. PyTorch's torch/lib folder on LD_LIBRARY_PATH) and a libstdc++ with GLIBCXX_3.4.32 (GCC 13 or later) for its shim " +
                "libLibTorchSharp. The engine never falls back to ONNX Runtime on the CPU.", e);
        }
    }

    /// <summary>
    /// The sentence that says what failed: the first sentence of the innermost message (TorchSharp appends a
    /// many-line loader trace to it, which stays in the exception for whoever wants it).
    /// </summary>
    internal static string Summarize(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        var text = innermost.Message.Trim();
        var traceStart = text.IndexOf("Trace from", StringComparison.Ordinal);
        if (traceStart >= 0)
            text = text[..traceStart];
        var lineEnd = text.IndexOfAny(['\r', '\n']);
        if (lineEnd >= 0)
            text = text[..lineEnd];
        var sentenceEnd = text.IndexOf(". ", StringComparison.Ordinal);
        if (sentenceEnd >= 0)
            text = text[..(sentenceEnd + 1)];
        text = text.Trim();
        if (text.Length > 300)
            text = text[..300] + "...";
        return text.EndsWith('.') ? text : text + ".";
    }

    // Loader errors hide the useful part (the library and the missing symbol) in inner exceptions.
    internal static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (!messages.Contains(current.Message))
                messages.Add(current.Message.Trim());
        return string.Join(" <- ", messages);
    }
}
