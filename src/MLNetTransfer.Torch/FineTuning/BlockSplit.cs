using MLNetTransfer.Torch.Graph;

namespace MLNetTransfer.Torch.FineTuning;

/// <summary>
/// Where a graph is cut for fine-tuning. A "block" is one parameterized layer (a Conv, Gemm or MatMul whose weight
/// is an initializer) together with the nodes after it up to the next such layer (its BatchNormalization,
/// activation, pooling...). Unfreezing N blocks trains the last N such layers before the features and every node
/// from the first of them on; everything before is frozen, run once, and its outputs that the unfrozen part reads
/// (the boundary tensors) are cached. N = 0 freezes the whole backbone (head-only training, boundary = features).
/// </summary>
internal sealed record BlockSplit(IReadOnlyList<GraphNode> Frozen, IReadOnlyList<GraphNode> Unfrozen, IReadOnlyList<string> Boundary,
    IReadOnlyList<string> Trainable, int LayerCount)
{
    private static readonly HashSet<string> LayerOps = new(StringComparer.Ordinal) { "Conv", "Gemm", "MatMul" };

    public static BlockSplit Plan(OnnxGraph graph, int blocks, string output)
    {
        var layers = graph.Nodes.Where(n => LayerOps.Contains(n.OpType) && n.Inputs.Count > 1 && IsFloatInitializer(graph, n.Inputs[1])).ToArray();
        if (blocks < 0 || blocks > layers.Length)
            throw new ArgumentOutOfRangeException(nameof(blocks), blocks,
                $"The backbone has {layers.Length} parameterized layers (Conv/Gemm/MatMul); unfreeze between 0 and {layers.Length} blocks.");
        if (blocks == 0)
            return new(graph.Nodes, [], [output], [], layers.Length);

        var start = layers[^blocks].Index;
        var frozen = graph.Nodes.Where(n => n.Index < start).ToArray();
        var unfrozen = graph.Nodes.Where(n => n.Index >= start).ToArray();
        var frozenOutputs = frozen.SelectMany(n => n.Outputs).Concat(graph.Inputs).ToHashSet(StringComparer.Ordinal);
        var boundary = unfrozen.SelectMany(n => n.Inputs).Where(frozenOutputs.Contains).Distinct(StringComparer.Ordinal).ToArray();

        // Weights and biases of the layers, and BatchNormalization's scale and shift; running statistics stay frozen.
        var trainable = unfrozen.SelectMany(n => n.OpType switch
            {
                "Conv" or "Gemm" or "MatMul" => n.Inputs.Skip(1).Take(2),
                "BatchNormalization" => n.Inputs.Skip(1).Take(2),
                _ => [],
            })
            .Where(name => IsFloatInitializer(graph, name)).Distinct(StringComparer.Ordinal).ToArray();
        return new(frozen, unfrozen, boundary, trainable, layers.Length);
    }

    private static bool IsFloatInitializer(OnnxGraph graph, string name) =>
        graph.Initializers.TryGetValue(name, out var t) && t.Floats is not null;
}
