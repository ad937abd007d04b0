using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// The float model the quantizer works on: only the nodes that compute the features tensor (now the one graph
/// output), BatchNormalization folded into the Conv before it (ONNX Runtime folds it too, but only while the weights
/// are plain initializers, not once they are dequantized), opset raised to 13 where that keeps every operator's
/// meaning, and initializers no longer declared as graph inputs (declared, ONNX Runtime treats them as overridable and
/// will not fuse them).
/// </summary>
internal static class FloatGraphPreparation
{
    /// <summary>The prepared model; throws <see cref="NotSupportedException"/> when the opset cannot be raised.</summary>
    public static byte[] Prepare(byte[] backbone, BackboneSpec spec, string source)
    {
        var document = OnnxModelDocument.Parse(backbone, source);
        var (keep, _) = GraphPruner.NeededFor(document.Nodes, spec.Features);
        var nodes = document.Nodes.Where((_, i) => keep[i]).ToList();
        var initializers = document.Initializers.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var replaced = new Dictionary<string, OnnxTensorData>(StringComparer.Ordinal);
        var rewritten = new Dictionary<OnnxNodeRecord, ProtoBuffer>();
        var dropped = new HashSet<OnnxNodeRecord>();
        var names = new UniqueNames(ReservedNames.AllNames(document));

        var consumers = Consumers(nodes);
        foreach (var norm in nodes.Where(n => n.OpType == "BatchNormalization" && n.Outputs.Count >= 1))
        {
            var conv = nodes.FirstOrDefault(n => n.OpType == "Conv" && n.Outputs.Count == 1 && n.Outputs[0] == norm.Inputs[0]);
            if (conv is null || consumers[conv.Outputs[0]] != 1 || rewritten.ContainsKey(conv) || conv.Outputs[0] == spec.Features)
                continue;
            var attributes = NodeAttributes.FromNode(norm.Raw);
            if (attributes.Int("spatial", 1) != 1 || norm.Inputs.Count < 5 || conv.Inputs.Count < 2)
                continue;
            var parameters = norm.Inputs.Skip(1).Take(4).Select(n => initializers.GetValueOrDefault(n)?.Decode()).ToArray();
            var weight = initializers.GetValueOrDefault(conv.Inputs[1])?.Decode();
            var bias = conv.Inputs.Count > 2 ? initializers.GetValueOrDefault(conv.Inputs[2])?.Decode() : null;
            if (parameters.Any(p => p?.Floats is null) || weight?.Floats is null || (conv.Inputs.Count > 2 && bias?.Floats is null)
                || conv.Inputs.Skip(1).Any(n => consumers.GetValueOrDefault(n) != 1))
                continue;

            var (newWeight, newBias) = Fold(weight.Floats, bias?.Floats, parameters.Select(p => p!.Floats!).ToArray(),
                attributes.Float("epsilon", 1e-5f));
            replaced[weight.Name] = weight with { Floats = newWeight };
            var biasName = bias?.Name ?? names.Make($"{conv.Outputs[0]}/folded_bias");
            replaced[biasName] = new OnnxTensorData(biasName, OnnxElementType.Float, [newBias.Length], newBias, null);
            rewritten[conv] = RewrittenModel.Node(conv, [conv.Inputs[0], weight.Name, biasName], [norm.Outputs[0]]);
            dropped.Add(norm);
        }

        var kept = nodes.Where(n => !dropped.Contains(n)).ToList();
        var opset = document.DefaultOpsetVersion;
        if (OpsetUpgrade.Obstacle(kept, opset) is { } obstacle)
            throw new NotSupportedException($"Backbone '{source}' cannot be quantized to int8: {obstacle}. Use float32 precision for it.");

        var read = new HashSet<string>(kept.SelectMany(n => n.Inputs.Concat(n.NamesInSubgraphs)), StringComparer.Ordinal);
        var model = new RewrittenModel(document);
        model.Nodes.AddRange(kept.Select(n => rewritten.GetValueOrDefault(n) ?? RewrittenModel.Verbatim(n)));
        foreach (var tensor in document.Initializers.Where(t => read.Contains(t.Name)))
        {
            if (replaced.Remove(tensor.Name, out var values))
                model.NewInitializers.Add(OnnxMessages.FloatTensor(values.Name, values.Dims, values.Floats));
            else
                model.KeptInitializers.Add(tensor.Raw);
        }

        foreach (var values in replaced.Values)
            model.NewInitializers.Add(OnnxMessages.FloatTensor(values.Name, values.Dims, values.Floats));
        model.Inputs.AddRange(document.Inputs.Where(i => !initializers.ContainsKey(i.Info.Name) && read.Contains(i.Info.Name)).Select(i => i.Raw));
        model.NewOutputs.Add(FeaturesDeclaration(document, spec.Features));
        if (opset < OpsetUpgrade.Target)
            model.Opset = OpsetUpgrade.Target;
        // Opset 13 needs IR version 7; from IR 4 on, initializers need not be graph inputs.
        if (document.IrVersion < 7)
            model.IrVersion = 7;
        return model.Write();
    }

    /// <summary>W' = W * g / sqrt(v + e) per output channel, b' = (b - m) * g / sqrt(v + e) + beta.</summary>
    internal static (float[] Weight, float[] Bias) Fold(float[] weight, float[]? bias, float[][] norm, float epsilon)
    {
        var (gamma, beta, mean, variance) = (norm[0], norm[1], norm[2], norm[3]);
        var channels = gamma.Length;
        var perChannel = weight.Length / channels;
        var newWeight = new float[weight.Length];
        var newBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var factor = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
            for (var i = 0; i < perChannel; i++)
                newWeight[c * perChannel + i] = weight[c * perChannel + i] * factor;
            newBias[c] = ((bias?[c] ?? 0f) - mean[c]) * factor + beta[c];
        }

        return (newWeight, newBias);
    }

    private static Dictionary<string, int> Consumers(IEnumerable<OnnxNodeRecord> nodes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in nodes.SelectMany(n => n.Inputs.Concat(n.NamesInSubgraphs)))
            counts[name] = counts.GetValueOrDefault(name) + 1;
        return counts;
    }

    private static ProtoBuffer FeaturesDeclaration(OnnxModelDocument document, string features)
    {
        var record = document.Outputs.Concat(document.ValueInfos).FirstOrDefault(r => r.Info.Name == features);
        if (record is null)
            return OnnxMessages.UnshapedValueInfo(features, OnnxElementType.Float);
        var outer = new ProtoReader(record.Raw);
        outer.TryRead(out var field);
        var buffer = new ProtoBuffer();
        buffer.WriteRaw(field.Payload);
        return buffer;
    }
}
