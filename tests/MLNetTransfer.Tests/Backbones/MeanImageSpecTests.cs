using MLNetTransfer.Featurization;
using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>The spec's per-pixel mean image: where the file is found, what is refused, and the cache key it changes.</summary>
public sealed class MeanImageSpecTests
{
    private static readonly string PackagedMeanImage = BackboneCatalog.ResNet18.Spec.MeanImage!;

    private static string SpecJson(string meanImage) => $$"""
        { "input": "Input247", "height": 224, "width": 224, "channelOrder": "BGR",
          "meanImage": "{{meanImage.Replace("\\", "\\\\")}}", "features": "Pooling395_Output_0" }
        """;

    [Fact]
    public void A_relative_mean_image_path_is_read_beside_the_sidecar()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("prep"));
        File.Copy(PackagedMeanImage, dir.Combine("prep", "mean.onnx"));
        File.WriteAllText(dir.Combine("net.json"), SpecJson("prep/mean.onnx"));

        var spec = BackboneSpec.Load(dir.Combine("net.json"));

        spec.MeanImage.Should().Be(dir.Combine("prep", "mean.onnx"));
        spec.IsIdentityNormalization.Should().BeFalse();
        var values = spec.LoadMeanImage("net.json").Values;
        values.Should().HaveCount(3 * 224 * 224);
        // The package's mean image is BGR: per-channel averages near Caffe's 103.06, 115.90, 123.15.
        values.Take(224 * 224).Average().Should().BeApproximately(103.06f, 0.05f);
        values.Skip(2 * 224 * 224).Average().Should().BeApproximately(123.15f, 0.05f);
    }

    [Fact]
    public void A_missing_mean_image_file_is_named_in_the_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("net.json"), SpecJson("nowhere.onnx"));
        var spec = BackboneSpec.Load(dir.Combine("net.json"));

        var act = () => spec.LoadMeanImage("net.json");

        act.Should().Throw<InvalidDataException>().WithMessage($"*'meanImage'*{dir.Combine("nowhere.onnx")}*cannot be read*");
    }

    [Fact]
    public void A_mean_image_of_the_wrong_size_is_refused()
    {
        var spec = BackboneSpec.Parse(SpecJson(PackagedMeanImage)) with { Height = 200, Width = 200 };

        var act = () => spec.LoadMeanImage("small.json");

        act.Should().Throw<InvalidDataException>().WithMessage("*small.json*exactly one float tensor of 3x200x200*found 0*");
    }

    [Fact]
    public void The_cache_key_follows_the_mean_image_bytes_not_its_path()
    {
        using var dir = new TempDir();
        File.Copy(PackagedMeanImage, dir.Combine("a.onnx"));
        File.Copy(PackagedMeanImage, dir.Combine("b.onnx"));
        var a = BackboneSpec.Parse(SpecJson(dir.Combine("a.onnx")));
        var b = BackboneSpec.Parse(SpecJson(dir.Combine("b.onnx")));
        var none = a with { MeanImage = null };

        BottleneckCacheKey.Spec(a).Should().Be(BottleneckCacheKey.Spec(b));
        BottleneckCacheKey.Spec(a).Should().NotBe(BottleneckCacheKey.Spec(none));

        // Other bytes are another mean image file: a different key.
        var bytes = File.ReadAllBytes(dir.Combine("b.onnx"));
        bytes[^64] ^= 0x40;
        File.WriteAllBytes(dir.Combine("b.onnx"), bytes);
        BottleneckCacheKey.Spec(BackboneSpec.Parse(SpecJson(dir.Combine("b.onnx")))).Should().NotBe(BottleneckCacheKey.Spec(a));
    }
}
