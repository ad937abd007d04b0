using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// Builds a small ONNX model whose image input "input" (float [1,3,8,8] or [1,8,8,3]) goes through the leading ops a
/// test chooses (arithmetic with constants, Transpose, Cast), then Relu, GlobalAveragePool and Flatten to the pooled
/// output "y" [1,3]: a graph to find in-graph normalization in, which also runs as a feature extractor.
/// </summary>
public sealed class LeadingOpsModel(TensorLayout layout)
{
    // AttributeProto fields (onnx.proto) for a Constant node's tensor value.
    private const int AttributeTensor = 5, AttributeType = 20, AttributeTypeTensor = 4;

    private readonly ProtoBuffer _graph = new();
    private string _current = "input";
    private int _count;

    /// <summary>An op (Mul, Div, Add, Sub) of the current tensor with a constant, from an initializer or a Constant node.</summary>
    public LeadingOpsModel Arithmetic(string op, long[] dims, float[] values, bool asConstantNode = false, bool constantFirst = false)
    {
        var constant = $"c{_count}";
        var tensor = OnnxMessages.FloatTensor(asConstantNode ? "" : constant, dims, values);
        if (asConstantNode)
        {
            var attribute = new ProtoBuffer();
            attribute.WriteString(OnnxFields.Attribute.Name, "value");
            attribute.WriteMessage(AttributeTensor, tensor);
            attribute.WriteInt64(AttributeType, AttributeTypeTensor);
            var node = OnnxMessages.Node("Constant", "make_" + constant, [], [constant]);
            node.WriteMessage(OnnxFields.Node.Attribute, attribute);
            _graph.WriteMessage(OnnxFields.Graph.Node, node);
        }
        else
        {
            _graph.WriteMessage(OnnxFields.Graph.Initializer, tensor);
        }

        return Then(op, constantFirst ? [constant, _current] : [_current, constant]);
    }

    public LeadingOpsModel Transpose(long[] perm) => Then("Transpose", [_current], new OnnxAttribute.Ints("perm", perm));

    public LeadingOpsModel CastToFloat() => Then("Cast", [_current], new OnnxAttribute.Int("to", (long)OnnxElementType.Float));

    public byte[] Build()
    {
        Then("Relu", [_current]);
        Then("GlobalAveragePool", [_current]);
        _graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node("Flatten", "flatten", [_current], ["y"], new OnnxAttribute.Int("axis", 1)));
        OnnxDim[] dims = layout == TensorLayout.NCHW
            ? [OnnxDim.Fixed(1), OnnxDim.Fixed(3), OnnxDim.Fixed(8), OnnxDim.Fixed(8)]
            : [OnnxDim.Fixed(1), OnnxDim.Fixed(8), OnnxDim.Fixed(8), OnnxDim.Fixed(3)];
        _graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo("input", OnnxElementType.Float, dims));
        _graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo("y", OnnxElementType.Float, [OnnxDim.Fixed(1), OnnxDim.Fixed(3)]));
        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, 8);
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", 13));
        model.WriteMessage(OnnxFields.Model.Graph, _graph);
        return model.ToArray();
    }

    private LeadingOpsModel Then(string op, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = $"t{_count++}";
        _graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node(op, op + "_" + output, inputs, [output], attributes));
        _current = output;
        return this;
    }
}
