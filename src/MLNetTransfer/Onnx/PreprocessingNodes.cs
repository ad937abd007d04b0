using MLNetTransfer.Backbones;

namespace MLNetTransfer.Onnx;

/// <summary>
/// Emits the nodes that turn "pixels" (float32 [N,3,H,W], RGB, raw 0..255) into what the backbone's image input
/// expects. Mean and Std are indexed by the channel as fed to the backbone, i.e. after any RGB to BGR reordering.
/// Every op used here keeps its semantics from opset 7 on, except Round/Clip (opset 11), which are needed only for
/// a uint8 input with a non-identity normalization.
/// </summary>
internal static class PreprocessingNodes
{
    public const long MinimumOpset = 7;
    public const long RoundClipOpset = 11;

    /// <summary>True when "pixels" is exactly what the backbone takes, so no node is needed at all.</summary>
    public static bool IsPassThrough(BackboneSpec spec) =>
        spec is { ElementType: InputElementType.Float32, Layout: TensorLayout.NCHW, ChannelOrder: ChannelOrder.RGB, IsIdentityNormalization: true };

    public static void Emit(NodeEmitter emitter, BackboneSpec spec, string pixels, string backboneInput, long opset, string source)
    {
        var steps = new List<Func<string, string?, string>>();

        if (spec.ChannelOrder == ChannelOrder.BGR)
            steps.Add((x, o) => emitter.Emit("Gather", [x, emitter.Int64Constant("bgr_order", [3], [2, 1, 0])], o, new OnnxAttribute.Int("axis", 1)));

        if (!spec.IsIdentityNormalization)
        {
            // Same operations in the same order as the documented formula, so results match a C# reference bit for bit.
            if (spec.Scale != 1f)
                steps.Add((x, o) => emitter.Emit("Mul", [x, emitter.FloatConstant("scale", [], [spec.Scale])], o));
            if (spec.Mean.Any(m => m != 0f))
                steps.Add((x, o) => emitter.Emit("Sub", [x, emitter.FloatConstant("mean", [1, 3, 1, 1], spec.Mean)], o));
            if (spec.MeanImage is not null)
            {
                var meanImage = spec.LoadMeanImage(source).Values;
                steps.Add((x, o) => emitter.Emit("Sub", [x, emitter.FloatConstant("mean_image", [1, 3, spec.Height, spec.Width], meanImage)], o));
            }
            if (spec.Std.Any(s => s != 1f))
                steps.Add((x, o) => emitter.Emit("Div", [x, emitter.FloatConstant("std", [1, 3, 1, 1], spec.Std)], o));

            if (spec.ElementType == InputElementType.UInt8)
            {
                if (opset < RoundClipOpset)
                    throw new InvalidDataException(
                        $"ONNX model '{source}' uses opset {opset}; a uint8 input with mean/std/scale needs Round and Clip from opset {RoundClipOpset}, " +
                        "and raising the model's opset could change what its other operators compute. Use identity normalization or convert the model to opset 11 or later.");
                steps.Add((x, o) => emitter.Emit("Round", [x], o));
                steps.Add((x, o) => emitter.Emit("Clip", [x, emitter.FloatConstant("min", [], [0f]), emitter.FloatConstant("max", [], [255f])], o));
            }
        }

        // Transpose before Cast: opset 7's Transpose takes only floating-point tensors.
        if (spec.Layout == TensorLayout.NHWC)
            steps.Add((x, o) => emitter.Emit("Transpose", [x], o, new OnnxAttribute.Ints("perm", [0, 2, 3, 1])));

        if (spec.ElementType == InputElementType.UInt8)
            steps.Add((x, o) => emitter.Emit("Cast", [x], o, new OnnxAttribute.Int("to", (long)OnnxElementType.UInt8)));

        // Pass-through specs normally rename the input instead; this covers inputs that a subgraph reads by name.
        if (steps.Count == 0)
            steps.Add((x, o) => emitter.Emit("Identity", [x], o));

        var current = pixels;
        for (var i = 0; i < steps.Count; i++)
            current = steps[i](current, i == steps.Count - 1 ? backboneInput : null);
    }
}
