using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.FineTuning;
using MLNetTransfer.Torch.Graph;
using MLNetTransfer.Torch.Tests.Support;

namespace MLNetTransfer.Torch.Tests;

/// <summary>Refusals and graph planning: none of these needs libtorch, so they run everywhere.</summary>
public class GraphCheckTests
{
    [SharedFact]
    public void A_quantized_backbone_is_refused_naming_the_operator()
    {
        var (model, spec) = SharedModels.Load(SharedModels.MobileNetV2Qdq);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(model, spec, "qdq");
        var read = () => OnnxGraph.Read(extractor, "qdq");
        read.Should().Throw<NotSupportedException>().WithMessage("*quantized*'*Linear'*float32*");
    }

    [Fact]
    public void An_unsupported_operator_is_named_with_its_node()
    {
        var m = new TestModel();
        var output = m.Node("LpNormalization", ["x"]);
        var read = () => OnnxGraph.Read(m.Build("x", [1, 3], output), "lp");
        read.Should().Throw<NotSupportedException>().WithMessage("*'n0_LpNormalization'*operator 'LpNormalization'*");
    }

    [Theory]
    [InlineData("cpu", false, 0)]
    [InlineData("CUDA", true, 0)]
    [InlineData("cuda:3", true, 3)]
    public void Device_names_parse(string text, bool cuda, int index) =>
        DeviceName.Parse(text).Should().Be(new DeviceName(cuda, index));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Bad_device_names_are_refused(string text) =>
        ((Action)(() => DeviceName.Parse(text))).Should().Throw<ArgumentException>().WithMessage("*cpu*cuda*");

    [SharedFact]
    public void Unfreezing_blocks_cuts_mobilenet_before_its_last_layers()
    {
        var (model, spec) = SharedModels.Load(SharedModels.MobileNetV1);
        var graph = OnnxGraph.Read(BackboneGraphBuilder.BuildFeatureExtractor(model, spec, "mnv1"), "mnv1");

        var headOnly = BlockSplit.Plan(graph, 0, "features");
        headOnly.Boundary.Should().Equal("features");
        headOnly.Trainable.Should().BeEmpty();
        headOnly.LayerCount.Should().BeGreaterThan(20);

        var two = BlockSplit.Plan(graph, 2, "features");
        two.Boundary.Should().ContainSingle();
        two.Unfrozen.Count(n => n.OpType == "Conv").Should().Be(2);
        two.Trainable.Should().NotBeEmpty().And.OnlyContain(name => graph.Initializers.ContainsKey(name));
        two.Frozen.Count.Should().Be(graph.Nodes.Count - two.Unfrozen.Count);

        var tooMany = () => BlockSplit.Plan(graph, headOnly.LayerCount + 1, "features");
        tooMany.Should().Throw<ArgumentOutOfRangeException>();
    }

    [NoTorchFact]
    public void Without_libtorch_the_engine_says_what_is_missing()
    {
        var (model, spec) = SharedModels.Load(SharedModels.MobileNetV1);
        var create = () => new TorchFeaturizer(model, spec, new TorchEngineOptions { Device = "cuda" });
        create.Should().Throw<TorchUnavailableException>().WithMessage("*could not load libtorch*GLIBCXX_3.4.32*");
    }
}
