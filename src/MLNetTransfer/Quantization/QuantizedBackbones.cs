using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Quantization;

/// <summary>The backbone to train on at the asked precision, and what was done to get it.</summary>
internal sealed record QuantizedBackbone(string Path, BackboneSpec Spec, bool Quantized, bool FromCache, string Note);

/// <summary>
/// Int8 backbones kept like downloaded ones: in the backbone cache folder under 'int8', named by a hash of the float
/// backbone's bytes, its spec, the quantizer's settings and the calibration images' bytes, with a spec sidecar, so the
/// rest of the pipeline (bottleneck cache, saved model) treats one as any other backbone.
/// </summary>
internal static class QuantizedBackbones
{
    public const string FolderName = "int8";

    /// <remarks>Takes the run's resolved backbone: its bytes and hash are already in memory, never read twice.</remarks>
    public static QuantizedBackbone Resolve(MLContext mlContext, ResolvedBackbone floatBackbone, Func<IEnumerable<ImageInput>> trainImages,
        string cacheDirectory, QuantizationSettings settings, CancellationToken cancellationToken = default)
    {
        var (backbone, backbonePath, spec) = (floatBackbone.Bytes, floatBackbone.Path, floatBackbone.Spec);
        if (BackboneQuantizer.IsQuantized(backbone, backbonePath))
        {
            return new QuantizedBackbone(backbonePath, spec, Quantized: false, FromCache: false,
                $"Backbone '{spec.Name}' is already quantized; it is used as it is.");
        }

        var sample = CalibrationSample.Pick(trainImages, settings.CalibrationImages, settings.CalibrationSeed);
        var key = ContentHash.Of(string.Join('\n', floatBackbone.Hash, BottleneckCacheKey.Spec(spec), settings.Key,
            string.Join(',', sample.Select(s => s.Hash))));
        var folder = Path.Combine(cacheDirectory, FolderName);
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(backbonePath)}-int8-{key[..16]}.onnx");
        var specPath = BackboneSpec.SidecarPathFor(path);
        var int8Spec = spec with { Name = spec.Name + "-int8" };
        var calibrated = $"calibrated on {sample.Count} training image(s)";
        if (File.Exists(path) && File.Exists(specPath))
            return new QuantizedBackbone(path, BackboneSpec.Load(specPath), Quantized: true, FromCache: true, $"Int8 backbone {calibrated}, from the cache: {path}");

        var prepared = BackboneQuantizer.Prepare(backbone, spec, backbonePath);
        var pixels = ImagePixelReader.Read(sample.Select(s => s.Image), new ImagePreprocessing(mlContext, spec), cancellationToken: cancellationToken);
        var quantized = BackboneQuantizer.Quantize(prepared, spec, pixels.Pixels, pixels.Indices.Length, settings, backbonePath, cancellationToken);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllBytes(path, quantized);
        int8Spec.Save(specPath);
        return new QuantizedBackbone(path, int8Spec, Quantized: true, FromCache: false, $"Int8 backbone {calibrated}: {path}");
    }
}
