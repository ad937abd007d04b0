using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

public class InGraphNormalizationTests
{
    private static InGraphNormalization? Find(LeadingOpsModel model, TensorLayout layout) =>
        InGraphNormalization.Find(model.Build(), "input", layout, "test.onnx");

    [Fact]
    public void Mul_by_an_initializer_then_Sub_of_a_Constant_node_is_x_over_127_5_minus_1_fed_raw()
    {
        var found = Find(new LeadingOpsModel(TensorLayout.NCHW)
            .Arithmetic("Mul", [], [1f / 127.5f])
            .Arithmetic("Sub", [1], [1f], asConstantNode: true), TensorLayout.NCHW);

        found.Should().NotBeNull();
        found!.Scale.Should().AllSatisfy(s => s.Should().BeApproximately(1f / 127.5f, 1e-7f));
        found.Offset.Should().Equal(-1f, -1f, -1f);
        found.Steps.Should().HaveCount(2);
        found.Steps[0].Should().Contain("Mul").And.Contain("initializer");
        found.Steps[1].Should().Contain("Sub").And.Contain("Constant node");
        found.ExpectedFedScale().Should().Be(1f, "x/127.5-1 maps raw 0..255 to -1..1");
    }

    [Fact]
    public void Per_channel_mean_and_std_on_0_to_1_inside_the_graph_want_0_to_1_pixels()
    {
        var found = Find(new LeadingOpsModel(TensorLayout.NCHW)
            .Arithmetic("Sub", [1, 3, 1, 1], [0.485f, 0.456f, 0.406f])
            .Arithmetic("Div", [1, 3, 1, 1], [0.229f, 0.224f, 0.225f]), TensorLayout.NCHW);

        found!.Scale[0].Should().BeApproximately(1 / 0.229f, 1e-4f);
        found.Offset[2].Should().BeApproximately(-0.406f / 0.225f, 1e-4f);
        found.ExpectedFedScale().Should().Be(1f / 255f);
    }

    [Fact]
    public void Caffe_means_after_a_Transpose_from_NHWC_are_matched_to_the_input_channels()
    {
        // NHWC input, transposed to NCHW; the means broadcast over axis 1 of the transposed tensor, i.e. input axis 3.
        var found = Find(new LeadingOpsModel(TensorLayout.NHWC)
            .Transpose([0, 3, 1, 2])
            .Arithmetic("Sub", [1, 3, 1, 1], [103.939f, 116.779f, 123.68f]), TensorLayout.NHWC);

        found!.Offset.Should().Equal(-103.939f, -116.779f, -123.68f);
        found.Scale.Should().Equal(1f, 1f, 1f);
        found.ExpectedFedScale().Should().Be(1f, "mean subtraction on 0..255 keeps a 255-wide range near zero");
    }

    [Fact]
    public void A_constant_first_Sub_negates_and_a_Cast_passes_through()
    {
        var found = Find(new LeadingOpsModel(TensorLayout.NCHW)
            .CastToFloat()
            .Arithmetic("Sub", [], [1f], constantFirst: true), TensorLayout.NCHW);

        found!.Scale.Should().Equal(-1f, -1f, -1f);
        found.Offset.Should().Equal(1f, 1f, 1f);
        found.Describe().Should().Be("x * -1 + 1");
    }

    [Fact]
    public void A_constant_that_varies_along_a_spatial_axis_stops_the_walk()
    {
        var found = Find(new LeadingOpsModel(TensorLayout.NCHW)
            .Arithmetic("Mul", [], [2f])
            .Arithmetic("Add", [3, 1], [1f, 2f, 3f]), TensorLayout.NCHW);

        found!.Steps.Should().ContainSingle("the Add varies along the height axis, not the channels");
        found.Offset.Should().Equal(0f, 0f, 0f);
    }

    [Fact]
    public void An_input_that_goes_straight_into_other_ops_has_none() =>
        Find(new LeadingOpsModel(TensorLayout.NCHW), TensorLayout.NCHW).Should().BeNull();

    [Fact]
    public void A_map_with_no_usual_range_for_either_fed_range_says_so() =>
        Find(new LeadingOpsModel(TensorLayout.NCHW).Arithmetic("Mul", [], [1000f]), TensorLayout.NCHW)!
            .ExpectedFedScale().Should().BeNull();

    [SharedFact]
    public void The_Keras_MobileNet_scales_its_float_input_to_minus_1_to_1_itself()
    {
        var found = InGraphNormalization.Find(File.ReadAllBytes(SharedData.MobileNetV1), "input", TensorLayout.NCHW, SharedData.MobileNetV1);
        found!.Describe().Should().Be("x * 0.0078431 - 1");
        found.ExpectedFedScale().Should().Be(1f);
    }
}
