namespace MLNetTransfer.Onnx;

/// <summary>Emits the nodes after the backbone: features as float32 [N,D], then optionally a linear head with softmax.</summary>
internal static class OutputNodes
{
    /// <summary>Cast (when not already float32) then Flatten from axis 1 into <paramref name="output"/>.</summary>
    public static void EmitFeatures(NodeEmitter emitter, string source, OnnxElementType type, string output)
    {
        // Cast first: opset 7's Flatten accepts floating-point types only, and an untyped tensor is cast to be sure.
        var asFloat = type == OnnxElementType.Float
            ? source
            : emitter.Emit("Cast", [source], null, new OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        emitter.Emit("Flatten", [asFloat], output, new OnnxAttribute.Int("axis", 1));
    }

    /// <summary>Score = softmax(features · Wᵀ + b) over the classes; W is row-major [classCount, D].</summary>
    public static void EmitHead(NodeEmitter emitter, string features, float[] weights, float[] bias, int classCount, string output)
    {
        var dim = weights.Length / classCount;
        var w = emitter.FloatConstant("head_weights", [classCount, dim], weights);
        var b = emitter.FloatConstant("head_bias", [classCount], bias);
        var logits = emitter.Emit("Gemm", [features, w, b], null, new OnnxAttribute.Int("transB", 1));
        // On a 2-D tensor, axis 1 means "per row" under every Softmax opset.
        emitter.Emit("Softmax", [logits], output, new OnnxAttribute.Int("axis", 1));
    }
}
