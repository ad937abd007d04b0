using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Gemm and MatMul.</summary>
internal static class MatrixOperators
{
    public static void Register(Dictionary<string, Func<OpContext, Tensor>> into)
    {
        into["MatMul"] = c => c.Input(0).matmul(c.Input(1));
        into["Gemm"] = Gemm;
    }

    private static Tensor Gemm(OpContext c)
    {
        var a = c.Input(0);
        var b = c.Input(1);
        if (c.Attributes.Int("transA", 0) != 0) a = a.t();
        if (c.Attributes.Int("transB", 0) != 0) b = b.t();
        var product = a.matmul(b);
        var alpha = c.Attributes.Float("alpha", 1f);
        if (alpha != 1f) product = product * alpha;
        if (c.Optional(2) is not { } bias)
            return product;
        var beta = c.Attributes.Float("beta", 1f);
        return product + (beta == 1f ? bias : bias * beta);
    }
}
