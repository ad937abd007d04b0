using MLNetTransfer.Backbones;

namespace MLNetTransfer.Onnx;

/// <summary>
/// Checks that a backbone spec fits its ONNX model: the image input exists with the spec's element type, rank 4
/// and the spec's layout and size, and the features tensor exists and holds floats. Errors are
/// <see cref="InvalidDataException"/>s that name the model file and the offending tensor.
/// </summary>
internal static class BackboneModelValidator
{
    public static void Validate(OnnxModelInfo model, BackboneSpec spec, string source)
    {
        ValidateInput(model, spec, source);
        FeatureTensorCheck.Check(model, spec.Features, source);
    }

    /// <summary>The image input's fixed batch size (often 1), or null when the batch dim is symbolic.</summary>
    public static int? FixedBatchSize(OnnxModelInfo model, BackboneSpec spec)
    {
        var input = model.Inputs.FirstOrDefault(i => i.Name == spec.Input);
        return input is { Rank: > 0 } && input.Dims[0] > 0 ? checked((int)input.Dims[0]) : null;
    }

    /// <summary>The image input's declaration, after checking it against the spec.</summary>
    internal static OnnxValueInfo ValidateInput(OnnxModelInfo model, BackboneSpec spec, string source)
    {
        var input = model.Inputs.FirstOrDefault(i => i.Name == spec.Input);
        if (input is null)
        {
            var why = model.IsInitializer(spec.Input) ? $"'{spec.Input}' is an initializer (a weight), not an input" : $"it has no input '{spec.Input}'";
            throw new InvalidDataException(
                $"ONNX model '{source}': {why}; its inputs are {NameSuggestions.Quote(model.Inputs.Select(i => i.Name))}.");
        }

        var expectedType = spec.ElementType == InputElementType.UInt8 ? OnnxElementType.UInt8 : OnnxElementType.Float;
        if (input.ElementType != OnnxElementType.Undefined && input.ElementType != expectedType)
            throw Mismatch(source, input, $"the spec says {expectedType.Describe()}");

        if (!input.HasShape)
            return input;
        if (input.Rank != 4)
            throw Mismatch(source, input, $"an image input needs rank 4 ({spec.Layout}) but it has rank {input.Rank}");

        var (c, h, w) = spec.Layout == TensorLayout.NCHW ? (input.Dims[1], input.Dims[2], input.Dims[3]) : (input.Dims[3], input.Dims[1], input.Dims[2]);
        if (IsFixedAndNot(c, 3) || IsFixedAndNot(h, spec.Height) || IsFixedAndNot(w, spec.Width))
            throw Mismatch(source, input, $"the spec says {spec.Layout} {spec.Height}x{spec.Width} with 3 channels");
        return input;
    }

    private static bool IsFixedAndNot(long dim, long expected) => dim >= 0 && dim != expected;

    private static InvalidDataException Mismatch(string source, OnnxValueInfo input, string what)
    {
        var layout = GuessLayout(input);
        var described = $"input '{input.Name}' is {input.ElementType.Describe()} {input.DescribeShape()}" + (layout is null ? "" : $" ({layout})");
        return new InvalidDataException($"ONNX model '{source}': {described}; {what}.");
    }

    // Only a guess from where the 3 channels sit, to make the message easier to act on.
    private static string? GuessLayout(OnnxValueInfo input) =>
        input.Rank != 4 ? null
        : input.Dims[1] == 3 && input.Dims[3] != 3 ? "NCHW"
        : input.Dims[3] == 3 && input.Dims[1] != 3 ? "NHWC"
        : null;
}
