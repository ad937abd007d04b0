using System.Runtime.InteropServices;

namespace MLNetTransfer.Onnx;

/// <summary>
/// Writes new values into a model's float32 initializers (fine-tuned weights, say) and keeps every other byte
/// as it was: other model fields, other graph fields and the untouched initializers are copied record by
/// record, and a replaced initializer keeps its name, dims and any other field; only its data becomes raw_data.
/// </summary>
internal static class OnnxInitializerUpdate
{
    // TensorProto.float_data: dropped from a replaced tensor, whose values move to raw_data.
    private const int FloatData = 4;

    public static byte[] Replace(byte[] model, IReadOnlyDictionary<string, float[]> values, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(values);
        var document = OnnxModelDocument.Parse(model, source);
        var missing = values.Keys.Except(document.Initializers.Select(i => i.Name), StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"ONNX model '{source}' has no initializer(s) {NameSuggestions.Quote(missing)} to replace.", nameof(values));

        var output = new ProtoBuffer();
        var reader = new ProtoReader(model);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.Model.Graph && field.WireType == WireType.LengthDelimited)
                output.WriteMessage(OnnxFields.Model.Graph, RewriteGraph(field.Payload, values, source));
            else
                output.WriteRaw(field.Raw);
        }

        return output.ToArray();
    }

    private static ProtoBuffer RewriteGraph(ReadOnlyMemory<byte> graph, IReadOnlyDictionary<string, float[]> values, string source)
    {
        var output = new ProtoBuffer();
        var reader = new ProtoReader(graph);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.Graph.Initializer && field.WireType == WireType.LengthDelimited)
            {
                var tensor = OnnxTensorData.Decode(field.Payload);
                if (values.TryGetValue(tensor.Name, out var replacement))
                {
                    output.WriteMessage(OnnxFields.Graph.Initializer, RewriteTensor(field.Payload, tensor, replacement, source));
                    continue;
                }
            }

            output.WriteRaw(field.Raw);
        }

        return output;
    }

    private static ProtoBuffer RewriteTensor(ReadOnlyMemory<byte> payload, OnnxTensorData tensor, float[] values, string source)
    {
        if (tensor.Type != OnnxElementType.Float)
            throw new ArgumentException($"ONNX model '{source}': initializer '{tensor.Name}' is {tensor.Type.Describe()}; only float32 initializers can be replaced.");
        if (values.Length != tensor.ElementCount)
            throw new ArgumentException(
                $"ONNX model '{source}': initializer '{tensor.Name}' has dims [{string.Join(',', tensor.Dims)}] ({tensor.ElementCount} values) but {values.Length} were given.");

        var output = new ProtoBuffer();
        var reader = new ProtoReader(payload);
        while (reader.TryRead(out var field))
        {
            if (field.Number is not (OnnxFields.Tensor.RawData or FloatData))
                output.WriteRaw(field.Raw);
        }

        output.WriteLengthDelimited(OnnxFields.Tensor.RawData, MemoryMarshal.AsBytes(values.AsSpan()));
        return output;
    }
}
