using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// Per-channel DequantizeLinear (the axis attribute) needs default-domain opset 13. A model declared at a lower opset
/// is moved to 13 only when every operator it uses means the same at 13: those below changed at the listed versions
/// only by accepting more types, new attributes whose defaults keep the old behaviour, or negative axes.
/// Anything else (Softmax, Clip, Pad, Split, Dropout, Squeeze... whose inputs or meaning changed) is refused.
/// </summary>
internal static class OpsetUpgrade
{
    public const long Target = 13;

    // Operator -> the oldest opset from which its definition is unchanged in meaning up to 13.
    private static readonly Dictionary<string, long> SameMeaningSince = new(StringComparer.Ordinal)
    {
        ["Conv"] = 1, ["Relu"] = 6, ["Sigmoid"] = 6, ["Tanh"] = 6, ["LeakyRelu"] = 6, ["PRelu"] = 7,
        ["Add"] = 7, ["Sub"] = 7, ["Mul"] = 7, ["Div"] = 7, ["Sum"] = 8, ["Max"] = 8, ["Min"] = 8,
        ["MaxPool"] = 8, ["AveragePool"] = 7, ["GlobalAveragePool"] = 1, ["GlobalMaxPool"] = 1,
        ["BatchNormalization"] = 9, ["Concat"] = 4, ["Flatten"] = 1, ["Gemm"] = 7, ["MatMul"] = 1,
        ["Reshape"] = 5, ["Identity"] = 1, ["Transpose"] = 1, ["LRN"] = 1, ["Cast"] = 6, ["Shape"] = 1,
        ["Gather"] = 1, ["Constant"] = 1, ["ReduceMean"] = 1,
    };

    /// <summary>Null when the model can move to opset 13; else why not, naming the operators.</summary>
    public static string? Obstacle(IEnumerable<OnnxNodeRecord> nodes, long opset)
    {
        if (opset >= Target)
            return null;
        var blocked = ChangedOperators(nodes, opset);
        return blocked.Length == 0 ? null
            : $"it is declared at opset {opset}, per-channel int8 weights need opset {Target}, and {NameSuggestions.Quote(blocked)} " +
              $"do(es) not mean the same at opset {Target}";
    }

    /// <summary>The operators of <paramref name="nodes"/> whose meaning may differ between <paramref name="opset"/> and <see cref="Target"/>.</summary>
    public static string[] ChangedOperators(IEnumerable<OnnxNodeRecord> nodes, long opset) => nodes
        .Where(n => n.Domain is not ("" or "ai.onnx") || !SameMeaningSince.TryGetValue(n.OpType, out var since) || opset < since)
        .Select(n => n.OpType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
