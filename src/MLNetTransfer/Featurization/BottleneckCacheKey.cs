using System.Globalization;
using MLNetTransfer.Backbones;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Featurization;

/// <summary>
/// The one definition of what a bottleneck depends on besides the image: the backbone file, every spec setting that
/// changes what the graph computes, and every setting that changes the pixels. Any change gives another cache folder,
/// so a stale bottleneck is never read. The texts are stable: caches written before stay valid.
/// </summary>
internal static class BottleneckCacheKey
{
    /// <summary>
    /// The cache folder name for a backbone and the preprocessing in front of it. Pixels of another size than the spec's
    /// reach the backbone through a resize inside the graph, which the key names too.
    /// </summary>
    public static string Of(ResolvedBackbone backbone, ImagePreprocessing preprocessing) =>
        ContentHash.Of($"{backbone.Hash}\n{Spec(backbone.Spec)}\n{Pixels(preprocessing)}" +
            (preprocessing.Height == backbone.Spec.Height && preprocessing.Width == backbone.Spec.Width ? "" : $"\ninGraphResize={Onnx.InputResize.Method}"))[..24];

    /// <summary>
    /// The cache folder for one view of the images (<see cref="ImageView"/>): the plain view keeps the key above, so
    /// caches written before views existed stay valid; every other view adds its zoom and mirror to the pixel settings.
    /// </summary>
    public static string Of(ResolvedBackbone backbone, ImagePreprocessing preprocessing, ImageView view) => view.IsPlain
        ? Of(backbone, preprocessing)
        : ContentHash.Of($"{backbone.Hash}\n{Spec(backbone.Spec)}\n{Pixels(preprocessing)};view={view.Key}")[..24];

    /// <summary>Every spec setting that changes what the backbone computes for given pixels.</summary>
    public static string Spec(BackboneSpec spec) => string.Join(';',
        $"in={spec.Input}", $"layout={spec.Layout}", $"type={spec.ElementType}", $"size={spec.Height}x{spec.Width}", $"order={spec.ChannelOrder}",
        "scale=" + spec.Scale.ToString("R", CultureInfo.InvariantCulture),
        "mean=" + string.Join(',', spec.Mean.Select(m => m.ToString("R", CultureInfo.InvariantCulture))),
        "std=" + string.Join(',', spec.Std.Select(s => s.ToString("R", CultureInfo.InvariantCulture))),
        $"features={spec.Features}")
        // The mean image's bytes, not its path, decide what the backbone sees; specs without one keep their old key.
        + (spec.MeanImage is null ? "" : ";meanImage=" + spec.LoadMeanImage("<spec>").Sha256);

    /// <summary>
    /// Every setting of the decode and resize that changes the pixels. Bump the version when the decoder or the
    /// transforms change behaviour.
    /// </summary>
    public static string Pixels(ImagePreprocessing preprocessing) => preprocessing.CropsInDecoder
        ? $"pre=v2;resize=CenterCrop-Triangle;{preprocessing.Height}x{preprocessing.Width};minShortSide={preprocessing.MinShortSide}"
        : $"pre=v1;resize=IsoCrop-Center;{preprocessing.Height}x{preprocessing.Width};minShortSide={preprocessing.MinShortSide}";
}
