using MLNetTransfer.Torch.Operators;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Graph;

/// <summary>
/// An <see cref="OnnxGraph"/> with its initializers as torch tensors on one device, able to run any run of its
/// nodes. Initializers chosen for training become leaf tensors that require gradients; the rest stay constants.
/// </summary>
internal sealed class TorchGraph : IDisposable
{
    private readonly Dictionary<string, Tensor> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TorchSharp.Modules.Parameter> _trainable = new(StringComparer.Ordinal);

    public TorchGraph(OnnxGraph graph, Device device)
    {
        Graph = graph;
        Device = device;
        foreach (var (name, data) in graph.Initializers)
            _initializers[name] = TensorFactory.Create(data, device);
    }

    public OnnxGraph Graph { get; }

    public Device Device { get; }

    public IReadOnlyDictionary<string, TorchSharp.Modules.Parameter> Trainable => _trainable;

    /// <summary>Turns float initializers into parameters that the optimizer updates.</summary>
    public void MakeTrainable(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_trainable.ContainsKey(name))
                continue;
            var parameter = new TorchSharp.Modules.Parameter(_initializers[name], requires_grad: true);
            _initializers[name] = parameter;
            _trainable[name] = parameter;
        }
    }

    /// <summary>The current values of the trainable initializers, copied to the CPU.</summary>
    public Dictionary<string, float[]> TrainedValues() => _trainable.ToDictionary(p => p.Key, p =>
    {
        using var cpu = p.Value.detach().cpu();
        return cpu.data<float>().ToArray();
    }, StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="nodes"/> (in graph order) from <paramref name="feeds"/> and returns the tensors named in
    /// <paramref name="wanted"/>. Intermediates are freed as soon as no later node reads them; the caller owns the
    /// results (and should run this inside a dispose scope).
    /// </summary>
    public Dictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> feeds, IReadOnlyList<GraphNode> nodes, IReadOnlyCollection<string> wanted)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var lastUse = LastUses(nodes, wanted);
        foreach (var node in nodes)
        {
            var inputs = node.Inputs.Select(name => name.Length == 0 ? null : Lookup(name, values, feeds, node)).ToArray();
            var context = new OpContext(node, inputs, Graph.Opset, Device);
            Tensor output;
            try
            {
                output = OperatorTable.All[node.OpType](context);
            }
            catch (Exception e) when (e is not InvalidDataException)
            {
                throw new InvalidOperationException($"{node.Describe()} failed in libtorch: {TorchRuntime.Describe(e)}", e);
            }

            values[node.Outputs[0]] = output;
            foreach (var name in node.Inputs)
                if (lastUse.TryGetValue(name, out var last) && last == node.Index && values.Remove(name, out var done))
                    done.Dispose();
        }

        return wanted.ToDictionary(name => name, name => values.TryGetValue(name, out var t) ? t
            : throw new InvalidOperationException($"the nodes run do not compute '{name}'"), StringComparer.Ordinal);
    }

    private Tensor Lookup(string name, Dictionary<string, Tensor> values, IReadOnlyDictionary<string, Tensor> feeds, GraphNode node) =>
        values.TryGetValue(name, out var t) || feeds.TryGetValue(name, out t) || _initializers.TryGetValue(name, out t)
            ? t
            : throw new InvalidDataException($"{node.Describe()} reads '{name}', which is neither fed, an initializer, nor computed earlier.");

    private static Dictionary<string, int> LastUses(IReadOnlyList<GraphNode> nodes, IReadOnlyCollection<string> wanted)
    {
        var produced = nodes.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
            foreach (var name in node.Inputs.Where(produced.Contains))
                last[name] = node.Index;
        foreach (var name in wanted)
            last.Remove(name);
        return last;
    }

    public void Dispose()
    {
        foreach (var tensor in _initializers.Values)
            tensor.Dispose();
        _initializers.Clear();
        _trainable.Clear();
    }
}
