using MLNetTransfer.Onnx;

namespace MLNetTransfer.Tests.Onnx;

/// <summary>A minimal graph with a quantized tensor behind a Reshape, for the refusal tests (never run).</summary>
public static class QuantizedToy
{
    public const string QuantizedTensor = "pooled_flat";
    public const string DequantizedTensor = "pooled_flat_dequant";

    public static byte[] Write(bool declareType, int inputRank = 4)
    {
        var graph = new ProtoBuffer();
        void Node(string op, string[] inputs, string output) =>
            graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node(op, op, inputs, [output]));

        Node("GlobalAveragePool", ["input"], "pooled");
        graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.FloatTensor("scale", [], [0.1f]));
        Node("QuantizeLinear", ["pooled", "scale"], "pooled_q");
        graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.Int64Tensor("shape", [2], [0, -1]));
        // Undeclared, this tensor's type shows only through the QuantizeLinear behind the Reshape.
        Node("Reshape", ["pooled_q", "shape"], QuantizedTensor);
        Node("DequantizeLinear", [QuantizedTensor, "scale"], DequantizedTensor);

        OnnxDim[] dims = inputRank == 4 ? [OnnxDim.Symbolic("N"), OnnxDim.Fixed(3), OnnxDim.Fixed(8), OnnxDim.Fixed(8)] : [OnnxDim.Symbolic("N"), OnnxDim.Fixed(3)];
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo("input", OnnxElementType.Float, dims));
        graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(DequantizedTensor, OnnxElementType.Float, [OnnxDim.Symbolic("N"), OnnxDim.Fixed(3)]));
        if (declareType)
            graph.WriteMessage(OnnxFields.Graph.ValueInfo, OnnxMessages.ValueInfo(QuantizedTensor, OnnxElementType.UInt8, [OnnxDim.Symbolic("N"), OnnxDim.Fixed(3)]));

        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, 8);
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", 13));
        model.WriteMessage(OnnxFields.Model.Graph, graph);
        return model.ToArray();
    }
}
