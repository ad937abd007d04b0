namespace MLNetTransfer.Torch.Graph;

/// <summary>Which operators the engine runs, and the refusals for the rest, checked before any work is done.</summary>
internal static class OperatorSupport
{
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv", "BatchNormalization", "Relu", "LeakyRelu", "Clip", "HardSwish", "HardSigmoid", "Sigmoid", "Tanh",
        "Add", "Mul", "Sub", "Div", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Gemm", "MatMul",
        "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Shape", "Gather", "Constant", "Concat", "Pad",
        "ReduceMean", "Identity", "Dropout", "Cast", "Softmax",
    };

    // Integer arithmetic has no faithful float training path; refusing beats silently dequantizing.
    private static readonly HashSet<string> Quantized = new(StringComparer.Ordinal)
    {
        "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "ConvInteger", "MatMulInteger",
        "QGemm", "DynamicQuantizeMatMul", "MatMulIntegerToFloat",
    };

    public static void Check(IReadOnlyList<GraphNode> nodes, string source)
    {
        foreach (var node in nodes)
        {
            if (Quantized.Contains(node.OpType) || node.OpType.StartsWith("QLinear", StringComparison.Ordinal))
                throw new NotSupportedException(
                    $"ONNX model '{source}' is quantized: {node.Describe()} is the quantized operator '{node.OpType}'. " +
                    "The TorchSharp engine trains float32 graphs only; use the float32 version of this backbone.");
            if (node.Domain is not ("" or "ai.onnx") || !Supported.Contains(node.OpType))
                throw new NotSupportedException(
                    $"ONNX model '{source}': {node.Describe()} uses operator '{(node.Domain is "" or "ai.onnx" ? "" : node.Domain + ".")}{node.OpType}', " +
                    $"which the TorchSharp engine does not run. Supported: {string.Join(", ", Supported.Order(StringComparer.Ordinal))}.");
        }
    }
}
