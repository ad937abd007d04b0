using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Torch.Bench;

/// <summary>A folder-per-class image set decoded and preprocessed exactly as the library does for ONNX Runtime.</summary>
internal sealed record FlowerPixels(float[] Pixels, int[] Labels, string[] Classes)
{
    public static FlowerPixels Load(string folder, BackboneSpec spec)
    {
        var preprocessing = new ImagePreprocessing(new MLContext(seed: 1), spec);
        var classes = Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var files = classes.SelectMany((c, i) => Directory.GetFiles(Path.Combine(folder, c!)).Order(StringComparer.Ordinal).Select(f => (f, i))).ToArray();
        var pixels = new float[files.Length * preprocessing.PixelCount];
        Parallel.For(0, files.Length, k =>
        {
            var decoded = ImageDecoder.Decode(File.ReadAllBytes(files[k].f), preprocessing.DecodeOptions);
            preprocessing.Extract([decoded], pixels.AsSpan(k * preprocessing.PixelCount, preprocessing.PixelCount));
        });
        return new FlowerPixels(pixels, files.Select(f => f.i).ToArray(), classes!);
    }
}
