using MLNetTransfer.Images;

namespace MLNetTransfer.Tests.Support;

/// <summary>Why the tests comparing libturbojpeg with SkiaSharp skip, or null when they can run.</summary>
public static class TurboJpegAvailability
{
    public static string? SkipReason(bool needsImageMagick = false, bool needsSharedData = false)
    {
        if (!TurboJpegLibrary.IsAvailable)
        {
            return $"needs libjpeg-turbo's TurboJPEG library (apt-get install libturbojpeg0) to compare it with SkiaSharp; " +
                $"JPEGs decode through {TurboJpegLibrary.Description}";
        }
        if (needsImageMagick && !ImageMagick.Available)
            return ImageMagick.SkipReason;
        return needsSharedData && !SharedData.Available ? SharedData.SkipReason : null;
    }
}

/// <summary>
/// A fact that needs libturbojpeg loaded, and ImageMagick or ../shared when asked: it skips, saying why, without them.
/// </summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public TurboJpegFactAttribute(bool needsImageMagick = false, bool needsSharedData = false)
    {
        Skip = TurboJpegAvailability.SkipReason(needsImageMagick, needsSharedData);
    }
}

/// <summary>A theory that needs libturbojpeg loaded; see <see cref="TurboJpegFactAttribute"/>.</summary>
public sealed class TurboJpegTheoryAttribute : TheoryAttribute
{
    public TurboJpegTheoryAttribute(bool needsImageMagick = false)
    {
        Skip = TurboJpegAvailability.SkipReason(needsImageMagick);
    }
}
