using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary><c>backbones info</c>: the sidecar, in-graph scaling, the photo check and what stays a guess.</summary>
public class BackboneInfoTests
{
    [Fact]
    public void The_photo_check_picks_the_one_normalization_the_model_knows_and_verifies_it()
    {
        using var dir = new TempDir("mlnt-cli-info");
        var onnx = TinyImageNet.Write(dir.Path);
        var photos = TinyImageNet.WritePhotos(dir.Combine("photos"));

        var run = Tool.Run("backbones", "info", onnx, "--photos", photos);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("No spec beside the model").And.Contain("| 0..1, RGB ").And.Contain("through output 'logits'");
        var spec = Suggested(run);
        spec.Scale.Should().Be(1f / 255f);
        spec.Mean.Should().Equal(0f, 0f, 0f);
        spec.Std.Should().Equal(1f, 1f, 1f);
        spec.ChannelOrder.Should().Be(ChannelOrder.RGB);
        spec.Features.Should().Be(TinyImageNet.HiddenTensor);
        run.Stdout.Should().Contain("Photo check: '0..1, RGB' scores best (top-1 4/4, top-5 4/4")
            .And.Contain("Verified by running the model: scale, mean, std, channelOrder, features.")
            .And.Contain("Guesses: none.");
    }

    [Fact]
    public void Without_a_1000_way_output_it_says_which_fields_are_guesses()
    {
        using var dir = new TempDir("mlnt-cli-info");
        var (onnx, _) = TinyBackbone.Write(dir.Path);
        File.Delete(BackboneSpec.SidecarPathFor(onnx));

        var run = Tool.Run("backbones", "info", onnx);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("No photo check: the model has no float [N,1000] output")
            .And.Contain("Guesses (not verified; check them): scale, mean, std, channelOrder.");
    }

    [Fact]
    public void Scaling_inside_the_graph_is_fed_raw_pixels_and_only_the_channel_order_stays_a_guess()
    {
        using var dir = new TempDir("mlnt-cli-info");
        var onnx = dir.Combine("scaled.onnx");
        File.WriteAllBytes(onnx, new LeadingOpsModel(TensorLayout.NCHW)
            .Arithmetic("Mul", [], [1f / 127.5f])
            .Arithmetic("Sub", [], [1f], asConstantNode: true)
            .Build());

        var run = Tool.Run("backbones", "info", onnx);

        run.ExitCode.Should().Be(0, run.ToString());
        var spec = Suggested(run);
        spec.Scale.Should().Be(1f);
        spec.Mean.Should().Equal(0f, 0f, 0f);
        spec.Std.Should().Equal(1f, 1f, 1f);
        run.Stdout.Should().Contain("The graph scales its input itself: Mul 0.0078431 (initializer 'c0'), then Sub 1 (Constant node 'c1'), i.e. x * 0.0078431 - 1.")
            .And.Contain("so the spec feeds raw 0..255")
            .And.Contain("Guesses (not verified; check them): channelOrder");
        run.Stdout.Should().NotContain("Guesses (not verified; check them): scale");
    }

    [Fact]
    public void An_existing_sidecar_is_shown_validated_and_compared()
    {
        using var dir = new TempDir("mlnt-cli-info");
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);

        var run = Tool.Run("backbones", "info", onnx);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain($"Spec beside the model: {specPath}")
            .And.Contain("valid: it fits the model, and features 'pool_flat' gives 16 values per image.")
            .And.Contain("Suggested spec (the same as the spec beside the model)");
    }

    [Fact]
    public void A_sidecar_that_does_not_fit_the_model_is_reported_with_the_reason()
    {
        using var dir = new TempDir("mlnt-cli-info");
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        (BackboneSpec.Load(specPath) with { Features = "no_such_tensor" }).Save(specPath);

        var run = Tool.Run("backbones", "info", onnx);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("NOT VALID:").And.Contain("no tensor 'no_such_tensor'");
        run.Stdout.Should().Contain($"Suggested spec (save as {specPath}");
    }

    [Fact]
    public void A_photo_folder_without_a_manifest_is_bad_input()
    {
        using var dir = new TempDir("mlnt-cli-info");
        var (onnx, _) = TinyBackbone.Write(dir.Path);
        var run = Tool.Run("backbones", "info", onnx, "--photos", dir.Path);
        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("reference.json");
    }

    [Fact]
    public void The_reference_photos_ship_beside_the_program()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "reference-photos");
        Directory.GetFiles(folder, "*.jpg").Should().HaveCount(10);
        File.Exists(Path.Combine(folder, "reference.json")).Should().BeTrue();
        File.Exists(Path.Combine(folder, "ATTRIBUTION.md")).Should().BeTrue();
    }

    /// <summary>The JSON block printed after "Suggested spec", parsed.</summary>
    internal static BackboneSpec Suggested(CliResult run)
    {
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.IndexOf("{", lines.FindIndex(l => l.StartsWith("Suggested spec", StringComparison.Ordinal)));
        var end = lines.IndexOf("}", start);
        return BackboneSpec.Parse(string.Join('\n', lines.Skip(start).Take(end - start + 1)));
    }
}
