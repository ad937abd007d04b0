namespace MLNetTransfer.Onnx;

/// <summary>
/// Checks that the features tensor exists and holds floating-point values, refusing quantized tensors with a
/// pointer to their dequantized counterparts.
/// </summary>
internal static class FeatureTensorCheck
{
    private static readonly string[] QuantizingOps = ["QuantizeLinear", "DynamicQuantizeLinear"];
    private static readonly string[] IntegerOps = ["ConvInteger", "MatMulInteger"];

    // Ops that move values without changing their type: an undeclared tensor has its source's type.
    private static readonly string[] TypePreservingOps = ["Squeeze", "Unsqueeze", "Reshape", "Flatten", "Transpose", "Identity"];

    /// <summary>The features tensor's element type; Undefined when neither declared nor evident from its nodes.</summary>
    public static OnnxElementType Check(OnnxModelInfo model, string features, string source)
    {
        if (!model.HasTensor(features))
        {
            var near = NameSuggestions.Closest(features, model.NodeOutputNames, 5);
            throw new InvalidDataException(
                $"ONNX model '{source}' has no tensor '{features}' to take features from; its graph outputs are " +
                $"{NameSuggestions.Quote(model.Outputs.Select(o => o.Name))}; node outputs with similar names: {NameSuggestions.Quote(near)}.");
        }

        var (type, producer) = Infer(model, features);
        var quantized = type is OnnxElementType.UInt8 or OnnxElementType.Int8
            || (type == OnnxElementType.Undefined && (producer.StartsWith("QLinear", StringComparison.Ordinal) || QuantizingOps.Contains(producer)));
        if (quantized)
        {
            var shown = type == OnnxElementType.Undefined ? $"computed by {producer}" : type.Describe();
            throw new InvalidDataException(
                $"ONNX model '{source}': features tensor '{features}' is quantized ({shown}); take a dequantized float tensor instead, " +
                $"such as {NameSuggestions.Quote(DequantizedCandidates(model, features))}.");
        }

        if ((type != OnnxElementType.Undefined && !type.IsFloatingPoint()) || (type == OnnxElementType.Undefined && IntegerOps.Contains(producer)))
        {
            var shown = type == OnnxElementType.Undefined ? $"the int32 output of {producer}" : type.Describe();
            throw new InvalidDataException(
                $"ONNX model '{source}': features tensor '{features}' is {shown}, not a floating-point tensor of features.");
        }

        return model.FindValueInfo(features)?.ElementType ?? OnnxElementType.Undefined;
    }

    // The declared type, else the type evident from the nearest producer behind type-preserving ops.
    private static (OnnxElementType Type, string Producer) Infer(OnnxModelInfo model, string name)
    {
        for (var hops = 0; hops < 64; hops++)
        {
            var declared = model.FindValueInfo(name)?.ElementType ?? OnnxElementType.Undefined;
            var producer = model.FindProducerOp(name) ?? "";
            if (declared != OnnxElementType.Undefined || !TypePreservingOps.Contains(producer))
                return (declared, producer);
            name = model.FindProducerFirstInput(name) ?? "";
        }

        return (OnnxElementType.Undefined, "");
    }

    // DequantizeLinear outputs and "*_dequant" names, the closest to the requested name first.
    private static IReadOnlyList<string> DequantizedCandidates(OnnxModelInfo model, string features)
    {
        var candidates = model.NodeOutputNames
            .Where(n => model.FindProducerOp(n) == "DequantizeLinear" || n.EndsWith("_dequant", StringComparison.OrdinalIgnoreCase));
        return NameSuggestions.Closest(features, candidates, 3);
    }
}
