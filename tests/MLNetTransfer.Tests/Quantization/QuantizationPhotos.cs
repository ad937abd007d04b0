using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Quantization;

/// <summary>Pixels of flowers-dev photos through the project's own pixel path, a few per class, picked by name order.</summary>
public static class QuantizationPhotos
{
    public static (float[] Pixels, int Count) Read(BackboneSpec spec, string folder, int perClass)
    {
        var files = Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal).Take(perClass)).ToArray();
        var preprocessing = new ImagePreprocessing(new MLContext(1), spec);
        var result = ImagePixelReader.Read(files.Select((f, i) => ImageInput.FromFile(i, f)), preprocessing);
        return (result.Pixels, result.Indices.Length);
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }

    public static BackboneSpec MobileNetSpec => BackboneSpec.Load(BackboneSpec.SidecarPathFor(SharedData.MobileNetV1));
}
