using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNetTransfer.Torch.Operators;

/// <summary>MaxPool, AveragePool, their global forms, and ReduceMean.</summary>
internal static class PoolingOperators
{
    public static void Register(Dictionary<string, Func<OpContext, Tensor>> into)
    {
        into["MaxPool"] = MaxPool;
        into["AveragePool"] = AveragePool;
        into["GlobalAveragePool"] = c => c.Input(0).mean(SpatialAxes(c.Input(0)), keepdim: true);
        into["GlobalMaxPool"] = c => c.Input(0).amax(SpatialAxes(c.Input(0)), keepdim: true);
        into["ReduceMean"] = ReduceMean;
    }

    private static long[] SpatialAxes(Tensor x) => Enumerable.Range(2, (int)x.dim() - 2).Select(i => (long)i).ToArray();

    private static Tensor MaxPool(OpContext c)
    {
        if (c.Node.Outputs.Count > 1 && c.Node.Outputs[1].Length > 0)
            throw c.Fail("asks for MaxPool's indices output, which is not supported");
        var x = c.Input(0);
        var s = Spatial(c, x);
        var padded = s.ExplicitPads is null ? x : F.pad(x, s.ExplicitPads, value: double.NegativeInfinity);
        return F.max_pool2d(padded, s.Kernel, s.Strides, s.SymmetricPads, s.Dilations, ceil_mode: c.Attributes.Int("ceil_mode", 0) != 0);
    }

    private static Tensor AveragePool(OpContext c)
    {
        var x = c.Input(0);
        var s = Spatial(c, x);
        var countPads = c.Attributes.Int("count_include_pad", 0) != 0;
        if (s.ExplicitPads is not null && !countPads)
            throw c.Fail("has uneven pads with count_include_pad=0, which is not supported");
        if (s.Dilations.Any(d => d != 1))
            throw c.Fail("has dilations, which AveragePool does not support here");
        var padded = s.ExplicitPads is null ? x : F.pad(x, s.ExplicitPads);
        return F.avg_pool2d(padded, s.Kernel, s.Strides, s.SymmetricPads, ceil_mode: c.Attributes.Int("ceil_mode", 0) != 0,
            count_include_pad: countPads);
    }

    private static SpatialAttributes Spatial(OpContext c, Tensor x)
    {
        if (x.dim() != 4)
            throw c.Fail($"has a {x.dim()}-D input; only 2-D pooling (4-D tensors) is supported");
        var kernel = c.Attributes.Ints("kernel_shape") ?? throw c.Fail("has no kernel_shape");
        return SpatialAttributes.Read(c, kernel, x.shape[2], x.shape[3]);
    }

    // Opset 18 moved axes from an attribute to an optional input.
    private static Tensor ReduceMean(OpContext c)
    {
        var x = c.Input(0);
        var axes = c.Opset >= 18 ? (c.Optional(1) is null ? null : c.Int64Values(1)) : c.Attributes.Ints("axes");
        var keep = c.Attributes.Int("keepdims", 1) != 0;
        if (axes is null || axes.Length == 0)
        {
            if (c.Attributes.Int("noop_with_empty_axes", 0) != 0)
                return x.alias();
            axes = Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray();
        }

        return x.mean(axes, keepdim: keep);
    }
}
