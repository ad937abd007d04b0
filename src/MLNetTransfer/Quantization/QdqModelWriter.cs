using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// Writes the int8 model in QDQ form: each planned activation passes QuantizeLinear -> DequantizeLinear (uint8, its
/// calibrated range) right after the node that computes it, and each planned Conv reads its weights through a
/// per-channel DequantizeLinear (int8, axis 0) and its bias as int32 in the input-times-weight scale. Every other
/// record is kept as it was; ONNX Runtime fuses the patterns into QLinearConv and QLinearAdd when it loads the model.
/// </summary>
internal static class QdqModelWriter
{
    public const string MetadataKey = "mlnettransfer.quantization";

    public static byte[] Write(OnnxModelDocument document, QdqPlan plan, IReadOnlyDictionary<string, ActivationRange> ranges, string settingsKey)
    {
        var names = new UniqueNames(ReservedNames.AllNames(document));
        var model = new RewrittenModel(document);
        var weights = plan.Convs.ToDictionary(c => c.Weight, StringComparer.Ordinal);
        var biases = plan.Convs.Where(c => c.Bias is not null).ToDictionary(c => c.Bias!, StringComparer.Ordinal);
        var activations = plan.Activations.ToHashSet(StringComparer.Ordinal);
        var inputScales = new Dictionary<string, float[]>(StringComparer.Ordinal);

        foreach (var tensor in document.Initializers)
        {
            if (weights.TryGetValue(tensor.Name, out var conv))
            {
                var data = tensor.Decode();
                var channels = (int)data.Dims[0];
                var (values, scales) = PerChannelWeights.Quantize(data.Floats!, channels);
                inputScales[tensor.Name] = scales;
                var quantized = names.Make($"{tensor.Name}/int8");
                model.NewInitializers.Add(OnnxMessages.Int8Tensor(quantized, data.Dims, values));
                EmitDequantize(model, names, quantized, tensor.Name, scales,
                    zeroPoint: zp => OnnxMessages.Int8Tensor(zp, [channels], new sbyte[channels]));
            }
            else if (!biases.ContainsKey(tensor.Name))
            {
                model.KeptInitializers.Add(tensor.Raw);
            }
        }

        foreach (var (name, conv) in biases)
        {
            var data = document.Initializers.First(t => t.Name == name).Decode();
            var inputScale = ranges[conv.Input].Scale;
            var (values, scales) = PerChannelWeights.QuantizeBias(data.Floats!, inputScale, inputScales[conv.Weight]);
            var quantized = names.Make($"{name}/int32");
            model.NewInitializers.Add(OnnxMessages.Int32Tensor(quantized, data.Dims, values));
            EmitDequantize(model, names, quantized, name, scales,
                zeroPoint: zp => OnnxMessages.Int32Tensor(zp, [values.Length], new int[values.Length]));
        }

        foreach (var node in document.Nodes)
        {
            var quantizedOutputs = node.Outputs.Where(activations.Contains).ToArray();
            if (quantizedOutputs.Length == 0)
            {
                model.Nodes.Add(RewrittenModel.Verbatim(node));
                continue;
            }

            var floatNames = quantizedOutputs.ToDictionary(o => o, o => names.Make($"{o}/float"), StringComparer.Ordinal);
            model.Nodes.Add(RewrittenModel.Node(node, node.Inputs, node.Outputs.Select(o => floatNames.GetValueOrDefault(o, o))));
            foreach (var output in quantizedOutputs)
            {
                var range = ranges[output];
                var scale = names.Make($"{output}/scale");
                var zeroPoint = names.Make($"{output}/zero_point");
                model.NewInitializers.Add(OnnxMessages.FloatTensor(scale, [], [range.Scale]));
                model.NewInitializers.Add(OnnxMessages.UInt8Tensor(zeroPoint, [], [range.ZeroPoint]));
                var quantized = names.Make($"{output}/uint8");
                model.Nodes.Add(OnnxMessages.Node("QuantizeLinear", names.Make($"{output}/QuantizeLinear"), [floatNames[output], scale, zeroPoint], [quantized]));
                model.Nodes.Add(OnnxMessages.Node("DequantizeLinear", names.Make($"{output}/DequantizeLinear"), [quantized, scale, zeroPoint], [output]));
            }
        }

        var replaced = weights.Keys.Concat(biases.Keys).ToHashSet(StringComparer.Ordinal);
        model.Inputs.AddRange(document.Inputs.Where(i => !replaced.Contains(i.Info.Name)).Select(i => i.Raw));
        model.Outputs.AddRange(document.Outputs.Select(o => o.Raw));
        model.Metadata[MetadataKey] = $"int8 qdq; {plan.Convs.Count} conv, {plan.Adds.Count} add; {settingsKey}";
        return model.Write();
    }

    private static void EmitDequantize(RewrittenModel model, UniqueNames names, string quantized, string output, float[] scales,
        Func<string, ProtoBuffer> zeroPoint)
    {
        var scale = names.Make($"{output}/scale");
        var zero = names.Make($"{output}/zero_point");
        model.NewInitializers.Add(OnnxMessages.FloatTensor(scale, [scales.Length], scales));
        model.NewInitializers.Add(zeroPoint(zero));
        // Weights first: the nodes that read them come later, so the node list stays in topological order.
        model.Nodes.Insert(0, OnnxMessages.Node("DequantizeLinear", names.Make($"{output}/DequantizeLinear"), [quantized, scale, zero], [output],
            new OnnxAttribute.Int("axis", 0)));
    }
}
