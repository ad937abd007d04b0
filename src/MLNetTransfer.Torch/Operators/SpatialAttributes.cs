namespace MLNetTransfer.Torch.Operators;

/// <summary>
/// Kernel, stride, dilation and padding of a 2-D Conv or pooling node, with ONNX's auto_pad resolved against the
/// input size. ONNX pads may differ at the two ends of an axis; torch pads symmetrically, so the uneven part is
/// returned separately for an explicit pad before the operator.
/// </summary>
internal sealed record SpatialAttributes(long[] Kernel, long[] Strides, long[] Dilations, long[] SymmetricPads, long[]? ExplicitPads)
{
    public static SpatialAttributes Read(OpContext context, long[] kernel, long height, long width)
    {
        var a = context.Attributes;
        if (kernel.Length != 2)
            throw context.Fail($"has a {kernel.Length}-D kernel; only 2-D is supported");
        var strides = a.Ints("strides") ?? [1, 1];
        var dilations = a.Ints("dilations") ?? [1, 1];
        var pads = a.Ints("pads") ?? [0, 0, 0, 0];
        var autoPad = a.String("auto_pad", "NOTSET");
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            long[] size = [height, width];
            pads = new long[4];
            for (var d = 0; d < 2; d++)
            {
                var output = (size[d] + strides[d] - 1) / strides[d];
                var total = Math.Max(0, (output - 1) * strides[d] + (kernel[d] - 1) * dilations[d] + 1 - size[d]);
                var small = total / 2;
                (pads[d], pads[d + 2]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
            }
        }
        else if (autoPad == "VALID")
            pads = [0, 0, 0, 0];

        long[] symmetric = [Math.Min(pads[0], pads[2]), Math.Min(pads[1], pads[3])];
        if (pads[0] == pads[2] && pads[1] == pads[3])
            return new(kernel, strides, dilations, symmetric, null);
        // torch's pad order: last axis first, (begin, end) per axis.
        long[] extra = [pads[1] - symmetric[1], pads[3] - symmetric[1], pads[0] - symmetric[0], pads[2] - symmetric[0]];
        return new(kernel, strides, dilations, symmetric, extra);
    }
}
