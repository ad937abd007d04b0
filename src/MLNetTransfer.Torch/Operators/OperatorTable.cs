using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Every operator implementation by ONNX op type; must cover <see cref="Graph.OperatorSupport.Supported"/>.</summary>
internal static class OperatorTable
{
    public static IReadOnlyDictionary<string, Func<OpContext, Tensor>> All { get; } = Build();

    private static Dictionary<string, Func<OpContext, Tensor>> Build()
    {
        var table = new Dictionary<string, Func<OpContext, Tensor>>(StringComparer.Ordinal);
        ConvolutionOperators.Register(table);
        ActivationOperators.Register(table);
        ArithmeticOperators.Register(table);
        PoolingOperators.Register(table);
        MatrixOperators.Register(table);
        ShapeOperators.Register(table);
        return table;
    }
}
