using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

public class BackbonesTests
{
    [Fact]
    public void List_shows_every_catalog_entry_and_whether_it_is_cached()
    {
        using var cache = new TempDir("mlnt-cli-cache");
        File.WriteAllText(cache.Combine(BackboneCatalog.MobileNetV2.FileName), "pretend");
        var run = Tool.Run("backbones", "list", "--cache-dir", cache.Path);

        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Stdout.Split('\n');
        foreach (var entry in BackboneCatalog.All)
        {
            var row = lines.Single(l => l.Contains($"| {entry.Name} "));
            row.Should().Contain($"{entry.Spec.Width}x{entry.Spec.Height}");
            row.TrimEnd().TrimEnd('|').TrimEnd().Should().EndWith(entry == BackboneCatalog.MobileNetV2 ? "yes" : "no");
        }
    }

    [Theory]
    [InlineData(TensorLayout.NCHW, InputElementType.Float32, 32)]
    [InlineData(TensorLayout.NHWC, InputElementType.UInt8, 40)]
    public void Info_suggests_a_spec_with_the_right_input_size_layout_and_features(TensorLayout layout, InputElementType type, int size)
    {
        using var dir = new TempDir("mlnt-cli-info");
        var (onnx, _) = TinyBackbone.Write(dir.Path, size: size, layout: layout, elementType: type);
        var run = Tool.Run("backbones", "info", onnx);
        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("| input  | input").And.Contain("| output | logits");

        var spec = BackboneInfoTests.Suggested(run);
        spec.Input.Should().Be("input");
        spec.Layout.Should().Be(layout);
        spec.ElementType.Should().Be(type);
        spec.Height.Should().Be(size);
        spec.Width.Should().Be(size);
        // The tiny graph ends in Gemm(pool_flat) = logits: the suggestion takes the Gemm's input.
        spec.Features.Should().Be(TinyBackbone.FeaturesTensor);
        run.Stdout.Should().Contain("final Gemm");
    }

    [Fact]
    public void Info_on_a_missing_file_is_bad_input()
    {
        var run = Tool.Run("backbones", "info", "/no/such/model.onnx");
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("/no/such/model.onnx");
    }

    [Fact]
    public void Download_of_an_unknown_name_is_a_usage_error_listing_the_known_ones()
    {
        var run = Tool.Run("backbones", "download", "alexnet", "--offline");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("resnet50-v2");
    }

    [Fact]
    public void Download_offline_of_an_uncached_backbone_is_bad_input()
    {
        using var cache = new TempDir("mlnt-cli-offline");
        var run = Tool.Run("backbones", "download", "mobilenet-v2", "--offline", "--cache-dir", cache.Path);
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("offline");
    }
}
