namespace MLNetTransfer.Onnx;

/// <summary>Writes the parts of the original model the builder does not change around its new graph body.</summary>
internal static class ModelAssembly
{
    /// <summary>Graph name, doc string and other untouched graph fields; annotations only for kept tensors.</summary>
    public static void WriteGraphFields(ProtoBuffer graph, OnnxModelDocument document, IReadOnlySet<string> keptNames, TensorRenames renames)
    {
        foreach (var field in document.GraphFields)
        {
            if (field.Number == OnnxFields.Graph.QuantizationAnnotation)
            {
                var tensor = AnnotatedTensor(field.Raw);
                if (tensor is null || !keptNames.Contains(tensor) || renames.IsRenamed(tensor))
                    continue;
            }

            graph.WriteRaw(field.Raw);
        }
    }

    /// <summary>
    /// The model with the new graph in place of the old one, training info dropped (it refers to the old graph)
    /// and metadata merged: new keys win, other entries are kept verbatim.
    /// </summary>
    public static byte[] WriteModel(OnnxModelDocument document, ProtoBuffer graph, IReadOnlyDictionary<string, string>? metadata)
    {
        var model = new ProtoBuffer();
        foreach (var field in document.ModelFields)
        {
            if (field.Number == OnnxFields.Model.Graph)
                model.WriteMessage(OnnxFields.Model.Graph, graph);
            else if (field.Number != OnnxFields.Model.TrainingInfo)
                model.WriteRaw(field.Raw);
        }

        foreach (var entry in document.Metadata.Where(e => metadata is null || !metadata.ContainsKey(e.Key)))
            model.WriteRaw(entry.Raw);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            model.WriteMessage(OnnxFields.Model.MetadataProps, OnnxMessages.MetadataEntry(key, value));
        return model.ToArray();
    }

    private static string? AnnotatedTensor(ReadOnlyMemory<byte> record)
    {
        var outer = new ProtoReader(record);
        if (!outer.TryRead(out var annotation) || annotation.WireType != WireType.LengthDelimited)
            return null;
        var reader = new ProtoReader(annotation.Payload);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.TensorAnnotation.TensorName && field.WireType == WireType.LengthDelimited)
                return field.String;
        }

        return null;
    }
}
