using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Conv (plain, grouped, depthwise, dilated) and BatchNormalization.</summary>
internal static class ConvolutionOperators
{
    public static void Register(Dictionary<string, Func<OpContext, Tensor>> into)
    {
        into["Conv"] = Conv;
        into["BatchNormalization"] = BatchNormalization;
    }

    private static Tensor Conv(OpContext c)
    {
        var x = c.Input(0);
        var w = c.Input(1);
        if (x.dim() != 4)
            throw c.Fail($"has a {x.dim()}-D input; only 2-D convolutions (4-D tensors) are supported");
        var kernel = c.Attributes.Ints("kernel_shape") ?? [w.shape[2], w.shape[3]];
        var s = SpatialAttributes.Read(c, kernel, x.shape[2], x.shape[3]);
        var padded = s.ExplicitPads is null ? x : F.pad(x, s.ExplicitPads);
        return F.conv2d(padded, w, c.Optional(2), strides: s.Strides, padding: s.SymmetricPads, dilation: s.Dilations,
            groups: c.Attributes.Int("group", 1));
    }

    // Always inference-mode: running statistics are used and never updated, which is what "frozen BN" means.
    private static Tensor BatchNormalization(OpContext c) =>
        F.batch_norm(c.Input(0), c.Input(3), c.Input(4), c.Input(1), c.Input(2), training: false, momentum: 0,
            eps: c.Attributes.Float("epsilon", 1e-5f));
}
