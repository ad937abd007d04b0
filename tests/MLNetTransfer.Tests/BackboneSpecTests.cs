using MLNetTransfer.Featurization;
using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests;

public class BackboneSpecTests
{
    private const string Valid = """
        { "input": "input", "layout": "NHWC", "elementType": "uint8", "height": 224, "width": 224,
          "channelOrder": "BGR", "scale": 0.5, "mean": [1, 2, 3], "std": [4, 5, 6], "features": "pool" }
        """;

    [Fact]
    public void Parses_every_field_of_the_sidecar_format()
    {
        var spec = BackboneSpec.Parse(Valid);

        spec.Input.Should().Be("input");
        spec.Layout.Should().Be(TensorLayout.NHWC);
        spec.ElementType.Should().Be(InputElementType.UInt8);
        spec.ChannelOrder.Should().Be(ChannelOrder.BGR);
        spec.Scale.Should().Be(0.5f);
        spec.Mean.Should().Equal(1f, 2f, 3f);
        spec.Std.Should().Equal(4f, 5f, 6f);
        spec.Features.Should().Be("pool");
    }

    [Theory]
    [InlineData("\"height\": 224", "\"height\": 0", "'height'")]
    [InlineData("\"std\": [4, 5, 6]", "\"std\": [4, 0, 6]", "'std'")]
    [InlineData("\"mean\": [1, 2, 3]", "\"mean\": [1, 2]", "'mean'")]
    [InlineData("\"features\": \"pool\"", "\"features\": \"\"", "'features'")]
    [InlineData("\"layout\": \"NHWC\"", "\"layout\": \"CHW\"", "not valid JSON")]
    public void A_wrong_field_is_named_in_the_error(string from, string to, string expected)
    {
        var act = () => BackboneSpec.Parse(Valid.Replace(from, to), "my.json");

        act.Should().Throw<InvalidDataException>().WithMessage($"*my.json*{expected}*");
    }

    [Fact]
    public void Saved_spec_reads_back_equal_and_preprocessing_key_tracks_settings()
    {
        using var dir = new TempDir();
        var spec = BackboneSpec.Parse(Valid) with { Name = "x" };
        var path = dir.Combine("x.json");

        spec.Save(path);
        var back = BackboneSpec.Load(path);

        BottleneckCacheKey.Spec(back).Should().Be(BottleneckCacheKey.Spec(spec));
        BottleneckCacheKey.Spec(spec with { Std = [4, 5, 7] }).Should().NotBe(BottleneckCacheKey.Spec(spec));
    }

    [SharedFact]
    public void Every_shared_sidecar_is_valid()
    {
        var files = Directory.GetFiles(SharedData.ModelsDir, "*.json");

        files.Should().NotBeEmpty();
        foreach (var file in files)
            BackboneSpec.Load(file).Height.Should().Be(224, file);
    }
}
