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
            var cells = row.Split('|').Select(c => c.Trim()).ToList();
            cells[^3].Should().Be(entry.WeightsVerified ? "yes" : "unverified", "the pretrained column of " + entry.Name);
            var expected = entry.IsPackaged ? "embedded" : entry == BackboneCatalog.MobileNetV2 ? "yes" : "no";
            cells[^2].Should().Be(expected, "the cached column of " + entry.Name);
        }
        run.Stdout.Should().Contain($"inception-v3: weights not known to be ImageNet-pretrained: {BackboneCatalog.InceptionV3.UnverifiedWeightsReason}");
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

    [Fact]
    public void Download_offline_names_every_source_and_every_other_way_out()
    {
        using var cache = new TempDir("mlnt-cli-offline");
        var run = Tool.Run("backbones", "download", "mobilenet-v2", "--offline", "--cache-dir", cache.Path);

        run.ExitCode.Should().Be(2, run.ToString());
        foreach (var source in BackboneCatalog.MobileNetV2.SourcesWith(null))
            run.Stderr.Should().Contain(source.ToString());
        run.Stderr.Should().Contain("mlnet-transfer backbones download mobilenet-v2 --from FILE")
            .And.Contain("MLNETTRANSFER_MODEL_MIRROR")
            .And.Contain("--backbone FILE.onnx")
            .And.Contain("ResNet18");
    }

    [Fact]
    public void Download_from_a_file_with_the_wrong_bytes_is_bad_input_naming_the_file_and_both_sizes_and_hashes()
    {
        using var dir = new TempDir("mlnt-cli-from");
        var file = dir.Combine("mobilenetv2-7.onnx");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
        var entry = BackboneCatalog.MobileNetV2;

        var run = Tool.Run("backbones", "download", "mobilenet-v2", "--from", file, "--cache-dir", dir.Combine("cache"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(file)
            .And.Contain($"expected {entry.SizeBytes} bytes with sha256 {entry.Sha256}")
            .And.Contain($"has 4096 bytes with sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}");
        File.Exists(Path.Combine(dir.Combine("cache"), entry.FileName)).Should().BeFalse();
    }

    [Fact]
    public void Download_from_a_Git_LFS_pointer_says_that_is_what_it_is()
    {
        using var dir = new TempDir("mlnt-cli-from");
        var file = dir.Combine("resnet50-v2-7.onnx");
        File.WriteAllText(file, "version https://git-lfs.github.com/spec/v1\noid sha256:" + BackboneCatalog.ResNet50V2.Sha256 +
            "\nsize 102442452\n");

        var run = Tool.Run("backbones", "download", "resnet50", "--from", file, "--cache-dir", dir.Combine("cache"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(file).And.Contain("it is a Git LFS pointer, not the model");
    }

    [Fact]
    public void Download_from_a_missing_file_is_bad_input_naming_it()
    {
        using var dir = new TempDir("mlnt-cli-from");
        var missing = dir.Combine("never-downloaded.onnx");

        var run = Tool.Run("backbones", "download", "mobilenet-v2", "--from", missing, "--cache-dir", dir.Combine("cache"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(missing);
    }
}
