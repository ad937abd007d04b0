using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary><c>backbones info</c> on the real pretrained backbones, copied without their sidecars, checked on the shipped photos.</summary>
public class BackboneInfoSharedTests
{
    [SharedFact]
    public void Keras_MobileNet_gets_raw_pixels_from_its_in_graph_scaling_and_the_photo_check_agrees()
    {
        var (run, spec) = InfoWithoutSidecar(SharedData.MobileNetV1);

        spec.Scale.Should().Be(1f);
        spec.Mean.Should().Equal(0f, 0f, 0f);
        spec.Std.Should().Equal(1f, 1f, 1f);
        spec.ChannelOrder.Should().Be(ChannelOrder.RGB);
        spec.Features.Should().Be("features");
        run.Stdout.Should().Contain("The graph scales its input itself: Mul 0.0078431 (initializer 'scale'), then Add -1 (initializer 'shift')")
            .And.Contain("Photo check: 'raw 0..255, RGB' scores best").And.Contain("which agrees with the graph's own scaling")
            .And.Contain("Guesses: none.");
    }

    [SharedFact]
    public void Zoo_MobileNetV2_int8_gets_ImageNet_mean_and_std_from_the_photo_check_and_its_logits_as_features()
    {
        var (run, spec) = InfoWithoutSidecar(SharedData.MobileNetV2Int8Zoo);

        spec.Scale.Should().Be(1f / 255f);
        spec.Mean.Should().Equal(0.485f, 0.456f, 0.406f);
        spec.Std.Should().Equal(0.229f, 0.224f, 0.225f);
        spec.ChannelOrder.Should().Be(ChannelOrder.RGB);
        spec.Features.Should().Be("output");
        run.Stdout.Should().Contain("Photo check: 'ImageNet mean/std on 0..1, RGB' scores best").And.Contain("Guesses: none.");
    }

    [SharedFact]
    public void Keras_MobileNetV2_uint8_NHWC_gets_raw_uint8_and_its_dequantized_pool_as_features()
    {
        var (run, spec) = InfoWithoutSidecar(SharedData.MobileNetV2Int8Nhwc);

        spec.ElementType.Should().Be(InputElementType.UInt8);
        spec.Layout.Should().Be(TensorLayout.NHWC);
        spec.IsIdentityNormalization.Should().BeTrue();
        spec.ChannelOrder.Should().Be(ChannelOrder.RGB);
        spec.Features.Should().Be("model_1/global_average_pooling2d/Mean_dequant");
        run.Stdout.Should().Contain("Photo check: 'raw 0..255, RGB' scores best").And.Contain("Guesses: none.");
    }

    [SharedFact]
    public void The_shipped_sidecar_is_reported_valid_and_as_good_as_the_best_candidate()
    {
        var run = Tool.Run("backbones", "info", SharedData.MobileNetV1);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain($"Spec beside the model: {BackboneSpec.SidecarPathFor(SharedData.MobileNetV1)}")
            .And.Contain("valid: it fits the model, and features 'features' gives 768 values per image.")
            .And.Contain("as good as the best candidate")
            .And.Contain("Suggested spec (the same as the spec beside the model)");
    }

    [SharedFact]
    public void A_sidecar_that_scales_the_Keras_MobileNet_twice_is_reported_worse_than_raw_pixels()
    {
        using var dir = new TempDir("mlnt-cli-info-shared");
        var copy = dir.Combine(Path.GetFileName(SharedData.MobileNetV1));
        File.Copy(SharedData.MobileNetV1, copy);
        var shipped = BackboneSpec.Load(BackboneSpec.SidecarPathFor(SharedData.MobileNetV1));
        (shipped with { Scale = 1f / 255f, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] }).Save(BackboneSpec.SidecarPathFor(copy));

        var run = Tool.Run("backbones", "info", copy);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("valid: it fits the model")
            .And.Contain("photo check: top-1 0/10, top-5 0/10").And.Contain("WORSE than the best candidate 'raw 0..255, RGB'")
            .And.Contain("Suggested spec (differs from the spec beside the model in scale, mean, std)");
    }

    private static (CliResult Run, BackboneSpec Spec) InfoWithoutSidecar(string model)
    {
        using var dir = new TempDir("mlnt-cli-info-shared");
        var copy = dir.Combine(Path.GetFileName(model));
        File.Copy(model, copy);
        var run = Tool.Run("backbones", "info", copy);
        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("No spec beside the model");
        return (run, BackboneInfoTests.Suggested(run));
    }
}
