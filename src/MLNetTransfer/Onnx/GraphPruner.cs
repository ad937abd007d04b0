namespace MLNetTransfer.Onnx;

/// <summary>Finds the nodes needed to compute one tensor, so everything past the features (the old head) is dropped.</summary>
internal static class GraphPruner
{
    /// <summary>Which nodes to keep, and every tensor name they read (subgraph mentions included).</summary>
    public static (bool[] Keep, HashSet<string> Read) NeededFor(IReadOnlyList<OnnxNodeRecord> nodes, string target)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Outputs.Where(o => o.Length > 0))
                producer[output] = i;
        }

        var keep = new bool[nodes.Count];
        var read = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(target);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!producer.TryGetValue(name, out var index) || keep[index])
                continue;
            keep[index] = true;
            foreach (var input in nodes[index].Inputs.Concat(nodes[index].NamesInSubgraphs).Where(n => n.Length > 0))
            {
                if (read.Add(input))
                    pending.Push(input);
            }
        }

        return (keep, read);
    }
}
