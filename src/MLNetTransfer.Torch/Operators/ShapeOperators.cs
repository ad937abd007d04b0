using TorchSharp;
using MLNetTransfer.Onnx;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Operators that move or reshape data, and the small int64 computations exporters use to build shapes.</summary>
internal static class ShapeOperators
{
    public static void Register(Dictionary<string, Func<OpContext, Tensor>> into)
    {
        into["Identity"] = c => c.Input(0).alias();
        into["Dropout"] = c => c.Input(0).alias();
        into["Flatten"] = Flatten;
        into["Reshape"] = Reshape;
        into["Transpose"] = c => c.Input(0).permute(c.Attributes.Ints("perm") ?? Enumerable.Range(0, (int)c.Input(0).dim()).Reverse().Select(i => (long)i).ToArray());
        into["Squeeze"] = Squeeze;
        into["Unsqueeze"] = Unsqueeze;
        into["Shape"] = Shape;
        into["Gather"] = Gather;
        into["Constant"] = Constant;
        into["Concat"] = Concat;
        into["Pad"] = Pad;
        into["Cast"] = Cast;
    }

    private static Tensor Flatten(OpContext c)
    {
        var x = c.Input(0);
        var axis = c.Attributes.Int("axis", 1);
        if (axis < 0) axis += x.dim();
        var outer = x.shape.Take((int)axis).Aggregate(1L, (a, b) => a * b);
        return x.reshape(outer, -1);
    }

    private static Tensor Reshape(OpContext c)
    {
        var x = c.Input(0);
        var shape = c.Int64Values(1);
        // A 0 copies the input's dim unless allowzero (opset 14) says it means an empty dim.
        if (c.Attributes.Int("allowzero", 0) == 0)
            for (var i = 0; i < shape.Length; i++)
                if (shape[i] == 0) shape[i] = x.shape[i];
        return x.reshape(shape);
    }

    private static long[] Axes(OpContext c, long rank) =>
        (c.Opset >= 13 ? (c.Optional(1) is null ? null : c.Int64Values(1)) : c.Attributes.Ints("axes"))?
            .Select(a => a < 0 ? a + rank : a).ToArray() ?? [];

    private static Tensor Squeeze(OpContext c)
    {
        var x = c.Input(0);
        var axes = Axes(c, x.dim());
        if (axes.Length == 0)
            axes = Enumerable.Range(0, (int)x.dim()).Where(i => x.shape[i] == 1).Select(i => (long)i).ToArray();
        var kept = x.shape.Where((_, i) => !axes.Contains(i)).ToArray();
        return x.reshape(kept);
    }

    private static Tensor Unsqueeze(OpContext c)
    {
        var x = c.Input(0);
        var rank = x.dim() + (c.Opset >= 13 ? c.Input(1).numel() : c.Attributes.Ints("axes")?.Length ?? 0);
        var axes = Axes(c, rank).Order().ToArray();
        var result = x;
        foreach (var axis in axes)
            result = result.unsqueeze(axis);
        return result;
    }

    private static Tensor Shape(OpContext c)
    {
        var shape = c.Input(0).shape;
        var rank = shape.Length;
        long start = c.Attributes.Int("start", 0), end = c.Attributes.Int("end", rank);
        if (start < 0) start += rank;
        if (end < 0) end += rank;
        start = Math.Clamp(start, 0, rank);
        end = Math.Clamp(end, start, rank);
        var slice = shape[(int)start..(int)end];
        return tensor(slice, [slice.Length], ScalarType.Int64, CPU);
    }

    private static Tensor Gather(OpContext c)
    {
        var x = c.Input(0);
        var indices = c.Input(1).to(ScalarType.Int64, x.device);
        var axis = c.Attributes.Int("axis", 0);
        if (axis < 0) axis += x.dim();
        var size = x.shape[axis];
        indices = indices.lt(0).any().item<bool>() ? indices.where(indices.ge(0), indices + size) : indices;
        var picked = x.index_select(axis, indices.flatten());
        var shape = x.shape.Take((int)axis).Concat(indices.shape).Concat(x.shape.Skip((int)axis + 1)).ToArray();
        return picked.reshape(shape);
    }

    private static Tensor Constant(OpContext c)
    {
        var a = c.Attributes;
        if (a.Tensor("value") is { } value) return TensorFactory.Create(value, c.Device);
        if (a.Has("value_float")) return tensor(a.Float("value_float", 0), ScalarType.Float32, c.Device);
        if (a.Floats("value_floats") is { } floats) return tensor(floats, [floats.Length], ScalarType.Float32, c.Device);
        if (a.Has("value_int")) return tensor(a.Int("value_int", 0), ScalarType.Int64, CPU);
        if (a.Ints("value_ints") is { } ints) return tensor(ints, [ints.Length], ScalarType.Int64, CPU);
        throw c.Fail("has no value attribute this engine reads (value, value_float(s), value_int(s))");
    }

    private static Tensor Concat(OpContext c)
    {
        var parts = Enumerable.Range(0, c.InputCount).Select(c.Optional).OfType<Tensor>().Where(t => t.numel() > 0 || t.dim() > 1).ToArray();
        var device = parts.FirstOrDefault(p => p.is_floating_point())?.device ?? parts[0].device;
        return cat(parts.Select(p => p.to(device)).ToArray(), c.Attributes.Int("axis", 0));
    }

    private static Tensor Pad(OpContext c)
    {
        var x = c.Input(0);
        var pads = c.Opset >= 11 ? c.Int64Values(1) : c.Attributes.Ints("pads") ?? throw c.Fail("has no pads");
        if (c.Opset >= 18 && c.Optional(3) is not null)
            throw c.Fail("uses Pad's axes input, which is not supported");
        var value = c.Opset >= 11 ? (c.Optional(2) is { } v && v.numel() > 0 ? c.FloatValue(2) : 0f) : c.Attributes.Float("value", 0f);
        var rank = (int)x.dim();
        // ONNX: all begins, then all ends, first axis first. torch: (begin, end) pairs, last axis first.
        var torchPads = new List<long>();
        for (var axis = rank - 1; axis >= 0; axis--)
            torchPads.AddRange([pads[axis], pads[axis + rank]]);
        while (torchPads.Count > 2 && torchPads[^1] == 0 && torchPads[^2] == 0)
            torchPads.RemoveRange(torchPads.Count - 2, 2);
        var mode = c.Attributes.String("mode", "constant") switch
        {
            "constant" => PaddingModes.Constant,
            "reflect" => PaddingModes.Reflect,
            "edge" => PaddingModes.Replicate,
            var other => throw c.Fail($"uses pad mode '{other}', which is not supported"),
        };
        return F.pad(x, [.. torchPads], mode, value);
    }

    private static Tensor Cast(OpContext c)
    {
        var x = c.Input(0);
        return (OnnxElementType)c.Attributes.Int("to", 0) switch
        {
            OnnxElementType.Float or OnnxElementType.Double or OnnxElementType.Float16 => x.to(ScalarType.Float32, x.is_floating_point() ? x.device : c.Device),
            OnnxElementType.Int64 or OnnxElementType.Int32 => x.to(ScalarType.Int64, CPU),
            var other => throw c.Fail($"casts to {other.Describe()}, which is not supported"),
        };
    }
}
