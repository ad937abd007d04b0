using System.Globalization;
using MLNetTransfer.Backbones;

namespace MLNetTransfer.Onnx;

/// <summary>
/// The per-channel map <c>y = Scale[c] * x + Offset[c]</c> that a graph applies to its image input before anything
/// else: leading Mul/Div/Add/Sub by constants (initializers or Constant nodes) and DequantizeLinear of a quantized
/// input, found by walking forward from the input through ops that keep the values (Transpose, Cast, Identity).
/// Channels are those of the input as fed. A spec must feed what the graph expects before this map, not after it.
/// </summary>
internal sealed record InGraphNormalization(float[] Scale, float[] Offset, IReadOnlyList<string> Steps)
{
    private const int MaxSteps = 16;

    /// <summary>The leading map, or null when the input goes straight into other operators.</summary>
    public static InGraphNormalization? Find(byte[] model, string input, TensorLayout layout, string source)
    {
        var document = OnnxModelDocument.Parse(model, source);
        var graph = new ConstantLookup(document);
        var rank = document.Inputs.FirstOrDefault(i => i.Info.Name == input)?.Info is { HasShape: true } declared ? declared.Rank : 4;
        // axes[k]: the input's axis that the current tensor's axis k holds (Transposes move them).
        var axes = Enumerable.Range(0, rank).ToArray();
        var channelAxis = rank == 4 ? (layout == TensorLayout.NCHW ? 1 : 3) : -1;

        float[] scale = [1f, 1f, 1f], offset = [0f, 0f, 0f];
        var steps = new List<string>();
        var tensor = input;
        for (var hop = 0; hop < MaxSteps; hop++)
        {
            if (!graph.Consumers.TryGetValue(tensor, out var consumers) || consumers.Count != 1)
                break;
            var node = consumers[0];
            var other = node.Inputs.Count == 2 ? (node.Inputs[0] == tensor ? node.Inputs[1] : node.Inputs[0]) : null;
            var applied = node.OpType switch
            {
                "Identity" => true,
                "Cast" => NodeAttributes.FromNode(node.Raw).Int("to", 0) is (long)OnnxElementType.Float or (long)OnnxElementType.Double,
                "Transpose" => Permute(ref axes, NodeAttributes.FromNode(node.Raw).Ints("perm")),
                "Mul" or "Div" or "Add" or "Sub" when other is not null && other != tensor =>
                    Arithmetic(node.OpType, reversed: node.Inputs[1] == tensor, graph.PerChannel(other, axes, channelAxis), scale, offset, steps, other),
                "DequantizeLinear" when node.Inputs[0] == tensor => Dequantize(graph, node, scale, offset, steps),
                _ => false,
            };
            if (!applied)
                break;
            tensor = node.Outputs[0];
        }

        return steps.Count == 0 ? null : new InGraphNormalization(scale, offset, steps);
    }

    /// <summary>
    /// Raw 0..255 (Scale 1) or 0..1 (Scale 1/255): the fed range that this map turns into a normalized network input,
    /// i.e. a spread of about 0.5 to 300 centred near zero (x/127.5-1, x/255, ImageNet mean/std, Caffe means all are);
    /// null when neither range does.
    /// </summary>
    public float? ExpectedFedScale()
    {
        float? best = null;
        var bestOffCentre = double.MaxValue;
        foreach (var (fedScale, top) in new[] { (1f, 255.0), (1f / 255f, 1.0) })
        {
            var offCentre = 0.0;
            var plausible = true;
            for (var c = 0; c < 3; c++)
            {
                double low = Offset[c], high = Scale[c] * top + Offset[c];
                var spread = Math.Abs(high - low);
                plausible &= spread is >= 0.5 and <= 300;
                offCentre = Math.Max(offCentre, Math.Abs((low + high) / 2) / Math.Max(spread, 1e-9));
            }

            if (plausible && offCentre < bestOffCentre)
                (best, bestOffCentre) = (fedScale, offCentre);
        }

        return best;
    }

    /// <summary>The map in words, e.g. "x * 0.0078431 - 1".</summary>
    public string Describe() =>
        Offset.Distinct().Count() == 1 && Offset[0] < 0 ? $"x * {Format(Scale)} - {Format([-Offset[0]])}" : $"x * {Format(Scale)} + {Format(Offset)}";

    internal static string Format(float[] perChannel) =>
        perChannel.Distinct().Count() == 1 ? Number(perChannel[0]) : "[" + string.Join(", ", perChannel.Select(Number)) + "]";

    private static string Number(float value) => value.ToString("0.#######", CultureInfo.InvariantCulture);

    private static bool Permute(ref int[] axes, long[]? perm)
    {
        var current = axes;
        perm ??= Enumerable.Range(0, current.Length).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != current.Length || perm.Any(p => p < 0 || p >= current.Length))
            return false;
        axes = perm.Select(p => current[p]).ToArray();
        return true;
    }

    private static bool Arithmetic(string op, bool reversed, (float[] Values, string Origin)? constant, float[] scale, float[] offset,
        List<string> steps, string name)
    {
        if (constant is not { } c)
            return false;
        var v = c.Values;
        for (var ch = 0; ch < 3; ch++)
        {
            switch (op)
            {
                case "Mul": scale[ch] *= v[ch]; offset[ch] *= v[ch]; break;
                case "Add": offset[ch] += v[ch]; break;
                case "Sub" when !reversed: offset[ch] -= v[ch]; break;
                case "Sub": scale[ch] = -scale[ch]; offset[ch] = v[ch] - offset[ch]; break;
                case "Div" when !reversed && v.All(x => x != 0): scale[ch] /= v[ch]; offset[ch] /= v[ch]; break;
                default: return false;
            }
        }

        steps.Add(reversed && op == "Sub" ? $"{Format(v)} - x ({c.Origin} '{name}')" : $"{op} {Format(v)} ({c.Origin} '{name}')");
        return true;
    }

    private static bool Dequantize(ConstantLookup graph, OnnxNodeRecord node, float[] scale, float[] offset, List<string> steps)
    {
        // Per-tensor quantization only: one scale, one zero point (absent means 0).
        if (node.Inputs.Count < 2 || graph.Scalar(node.Inputs[1]) is not { } s)
            return false;
        var zeroPoint = node.Inputs.Count > 2 && node.Inputs[2].Length > 0 ? graph.Scalar(node.Inputs[2]) : 0f;
        if (zeroPoint is not { } z)
            return false;
        for (var ch = 0; ch < 3; ch++)
        {
            offset[ch] = (offset[ch] - z) * s;
            scale[ch] *= s;
        }

        steps.Add($"DequantizeLinear scale {Number(s)} zero point {Number(z)}");
        return true;
    }

    /// <summary>Constant values by tensor name (initializers and Constant node outputs) and who reads each tensor.</summary>
    private sealed class ConstantLookup
    {
        private readonly Dictionary<string, OnnxTensorRecord> _initializers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OnnxNodeRecord> _constantNodes = new(StringComparer.Ordinal);

        public ConstantLookup(OnnxModelDocument document)
        {
            foreach (var tensor in document.Initializers)
                _initializers[tensor.Name] = tensor;
            foreach (var node in document.Nodes)
            {
                if (node.OpType == "Constant" && node.Outputs.Count == 1)
                    _constantNodes[node.Outputs[0]] = node;
                foreach (var name in node.Inputs.Where(n => n.Length > 0).Distinct())
                {
                    if (!Consumers.TryGetValue(name, out var list))
                        Consumers[name] = list = [];
                    list.Add(node);
                }
            }
        }

        public Dictionary<string, List<OnnxNodeRecord>> Consumers { get; } = new(StringComparer.Ordinal);

        public float? Scalar(string name) => Read(name) is { Values: { Length: 1 } v } ? v[0] : null;

        /// <summary>
        /// Three values, one per input channel, for a constant that is a scalar or varies only along the channel axis
        /// (broadcast against a tensor whose axes hold <paramref name="axes"/> of the input); null for anything else.
        /// </summary>
        public (float[] Values, string Origin)? PerChannel(string name, int[] axes, int channelAxis)
        {
            if (Read(name) is not { } constant)
                return null;
            var (values, dims, origin) = constant;
            if (values.Length == 1)
                return ([values[0], values[0], values[0]], origin);
            if (values.Length != 3 || dims.Length > axes.Length)
                return null;
            // Broadcasting aligns the constant's dims with the tensor's last ones.
            var axis = Array.FindIndex(dims, d => d == 3) + axes.Length - dims.Length;
            return channelAxis >= 0 && axes[axis] == channelAxis ? (values, origin) : null;
        }

        private (float[] Values, long[] Dims, string Origin)? Read(string name)
        {
            OnnxTensorData? tensor;
            string origin;
            try
            {
                if (_initializers.TryGetValue(name, out var record))
                {
                    var reader = new ProtoReader(record.Raw);
                    reader.TryRead(out var field);
                    (tensor, origin) = (OnnxTensorData.Decode(field.Payload), "initializer");
                }
                else if (_constantNodes.TryGetValue(name, out var node))
                {
                    var attributes = NodeAttributes.FromNode(node.Raw);
                    tensor = attributes.Tensor("value");
                    origin = "Constant node";
                    if (tensor is null && attributes.Floats("value_floats") is { } floats)
                        return (floats, [floats.Length], origin);
                    if (tensor is null && attributes.Has("value_float"))
                        return ([attributes.Float("value_float", 0f)], [], origin);
                }
                else
                {
                    return null;
                }
            }
            catch (InvalidDataException)
            {
                return null; // A type or storage this reading does not handle: not a constant it can use.
            }

            if (tensor is null)
                return null;
            var values = tensor.Floats ?? tensor.Int64s!.Select(v => (float)v).ToArray();
            return (values, tensor.Dims, origin);
        }
    }
}
