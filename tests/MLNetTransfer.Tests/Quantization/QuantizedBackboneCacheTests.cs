using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;
using MLNetTransfer.Quantization;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Quantization;

/// <summary>The int8 backbone is made once per backbone, settings and calibration sample, and kept with its spec.</summary>
public sealed class QuantizedBackboneCacheTests
{
    [Fact]
    public void Int8_backbone_is_cached_with_its_spec_and_rebuilt_only_when_the_sample_changes()
    {
        using var folder = new TempDir();
        var backbonePath = folder.Combine("toy.onnx");
        File.WriteAllBytes(backbonePath, QuantizationToy.Write());
        var images = Enumerable.Range(0, 12).Select(i => ImageInput.FromBytes(i, $"image{i}.png", Png(i))).ToArray();
        var cache = folder.Combine("cache");
        var settings = new QuantizationSettings { CalibrationImages = 8 };

        var first = QuantizedBackbones.Resolve(new MLContext(1), ResolvedBackbone.Load(backbonePath, QuantizationToy.Spec), () => images, cache, settings);
        var second = QuantizedBackbones.Resolve(new MLContext(1), ResolvedBackbone.Load(backbonePath, QuantizationToy.Spec), () => images, cache, settings);
        var other = QuantizedBackbones.Resolve(new MLContext(1), ResolvedBackbone.Load(backbonePath, QuantizationToy.Spec), () => images.Skip(4), cache, settings);

        first.Quantized.Should().BeTrue();
        first.FromCache.Should().BeFalse();
        first.Path.Should().StartWith(Path.Combine(cache, QuantizedBackbones.FolderName));
        first.Note.Should().Contain("calibrated on 8 training image(s)");
        BackboneSpec.Load(BackboneSpec.SidecarPathFor(first.Path)).Should().BeEquivalentTo(first.Spec);
        first.Spec.Name.Should().Be("toy-int8");
        OnnxModelDocument.Parse(File.ReadAllBytes(first.Path), first.Path).Nodes.Should().Contain(n => n.OpType == "QuantizeLinear");

        second.FromCache.Should().BeTrue();
        second.Path.Should().Be(first.Path);
        other.Path.Should().NotBe(first.Path, "another calibration sample makes another backbone");
    }

    private static byte[] Png(int seed)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(40, 40);
        for (var y = 0; y < 40; y++)
        for (var x = 0; x < 40; x++)
            bitmap.SetPixel(x, y, new SKColor((byte)(x * 6 + seed * 20), (byte)(y * 6), (byte)random.Next(256)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
