using System.Runtime.InteropServices;

namespace MLNetTransfer.Images;

/// <summary>
/// The system's libjpeg-turbo, reached through its TurboJPEG API, when one is installed. SkiaSharp's bundled
/// libjpeg-turbo is built without SIMD; distribution builds (Debian's libturbojpeg0, Homebrew's jpeg-turbo) have it
/// and decode JPEGs to the same pixels, faster. Loaded once, on first use; absent or disabled means SkiaSharp decodes.
/// </summary>
internal sealed unsafe class TurboJpegLibrary
{
    /// <summary>Environment variable: a library path to try first, or off/0/false to never use libturbojpeg.</summary>
    public const string SettingVariable = "MLNETTRANSFER_TURBOJPEG";

    // The names distributions install it under: Linux, macOS (Homebrew), Windows (libjpeg-turbo's installer).
    private static readonly string[] s_defaultNames =
        ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll"];

    private static readonly Lazy<(TurboJpegLibrary? Library, string Description)> s_loaded =
        new(() => Load(Environment.GetEnvironmentVariable(SettingVariable)));

    // C signatures from turbojpeg.h (2.x); CULong is C's unsigned long, 32 bits on Windows and 64 elsewhere.
    public readonly delegate* unmanaged[Cdecl]<nint> InitDecompress;
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3;
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2;
    public readonly delegate* unmanaged[Cdecl]<nint, int> Destroy;
    public readonly delegate* unmanaged[Cdecl]<nint, byte*> GetErrorStr2;

    private TurboJpegLibrary(nint library)
    {
        InitDecompress = (delegate* unmanaged[Cdecl]<nint>)NativeLibrary.GetExport(library, "tjInitDecompress");
        DecompressHeader3 = (delegate* unmanaged[Cdecl]<nint, byte*, CULong, int*, int*, int*, int*, int>)
            NativeLibrary.GetExport(library, "tjDecompressHeader3");
        Decompress2 = (delegate* unmanaged[Cdecl]<nint, byte*, CULong, byte*, int, int, int, int, int, int>)
            NativeLibrary.GetExport(library, "tjDecompress2");
        Destroy = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(library, "tjDestroy");
        GetErrorStr2 = (delegate* unmanaged[Cdecl]<nint, byte*>)NativeLibrary.GetExport(library, "tjGetErrorStr2");
    }

    /// <summary>The loaded library, or null when none loads or <see cref="SettingVariable"/> turns it off.</summary>
    public static TurboJpegLibrary? Instance => s_loaded.Value.Library;

    public static bool IsAvailable => Instance is not null;

    /// <summary>Which JPEG decoder is in use, in words for logs: the library loaded, or why SkiaSharp decodes.</summary>
    public static string Description => s_loaded.Value.Description;

    /// <summary>
    /// The library names to try, in order, for a value of <see cref="SettingVariable"/>: none when it says off,
    /// the defaults when unset or on, and otherwise the value itself (a path) before the defaults.
    /// </summary>
    internal static IReadOnlyList<string> CandidateNames(string? setting)
    {
        var value = setting?.Trim() ?? "";
        if (IsOff(value))
            return [];
        if (value.Length == 0 || IsOn(value))
            return s_defaultNames;
        return [value, .. s_defaultNames];
    }

    internal static bool IsOff(string? setting) =>
        setting?.Trim().ToLowerInvariant() is "off" or "0" or "false" or "no";

    private static bool IsOn(string value) => value.ToLowerInvariant() is "on" or "1" or "true" or "yes";

    private static (TurboJpegLibrary?, string) Load(string? setting)
    {
        if (IsOff(setting))
            return (null, $"SkiaSharp ({SettingVariable}={setting!.Trim()})");

        foreach (var name in CandidateNames(setting))
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
                continue;
            try
            {
                return (new TurboJpegLibrary(handle), $"libjpeg-turbo via {name}");
            }
            catch (EntryPointNotFoundException)
            {
                // Too old, or not TurboJPEG at all: try the next name.
                NativeLibrary.Free(handle);
            }
        }
        return (null, "SkiaSharp (libturbojpeg not found)");
    }
}
