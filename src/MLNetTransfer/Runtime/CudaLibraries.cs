using System.Runtime.InteropServices;

namespace MLNetTransfer.Runtime;

/// <summary>
/// The native libraries ONNX Runtime's CUDA provider (GPU build 1.31, Linux) needs: the ones it links against, and
/// cuDNN, which it loads when a session starts. Checked only to explain a failure, never to decide the device.
/// </summary>
internal static class CudaLibraries
{
    public const string Provider = "libonnxruntime_providers_cuda.so";

    private static readonly (string File, string Package)[] Required =
    [
        ("libcuda.so.1", "the NVIDIA driver, 580 or later"),
        ("libcudart.so.13", "the CUDA 13 runtime"),
        ("libcublas.so.13", "cuBLAS for CUDA 13"),
        ("libcublasLt.so.13", "cuBLAS for CUDA 13"),
        ("libcurand.so.10", "cuRAND for CUDA 13"),
        ("libcudnn.so.9", "cuDNN 9 for CUDA 13"),
    ];

    /// <summary>Each required library the loader cannot open, with what provides it; empty where all load.</summary>
    public static IReadOnlyList<string> Missing()
    {
        if (!OperatingSystem.IsLinux())
            return [];
        var missing = new List<string>();
        foreach (var (file, package) in Required)
        {
            if (NativeLibrary.TryLoad(file, out var handle))
                NativeLibrary.Free(handle);
            else
                missing.Add($"{file} ({package})");
        }
        return missing;
    }

    /// <summary>Whether the provider library sits beside the ONNX Runtime library this process loaded.</summary>
    public static bool ProviderPresent()
    {
        var folders = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native") }
            .Concat(((AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return folders.Any(folder => File.Exists(Path.Combine(folder, Provider)));
    }
}
