using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary>
/// Finds the pooled-features tensor: the input of the classifier layer behind an output, else an output that already
/// looks pooled. A quantized candidate is passed over, since only float tensors can be features.
/// </summary>
internal static class FeaturesSearch
{
    // Ops that only reshape, relabel or (de)quantize values: walking back through them reaches the same numbers.
    private static readonly string[] PassThroughOps = ["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose", "QuantizeLinear", "DequantizeLinear"];
    private static readonly string[] ClassifierOps = ["Gemm", "MatMul"];

    public static string? Find(OnnxModelInfo model, string source, List<string> reasons)
    {
        foreach (var output in model.Outputs)
        {
            if (ClassifierInput(model, output.Name) is not { } found)
                continue;
            if (IsFloat(model, found.Tensor, source, out var why))
            {
                reasons.Add($"features '{found.Tensor}': the input of the final {found.Op} that computes output '{output.Name}', i.e. what the " +
                    "classifier layer reads (the pooled features).");
                return found.Tensor;
            }

            reasons.Add($"'{found.Tensor}', the input of the final {found.Op}, cannot be the features: {why}");
        }

        var pooled = model.Outputs.FirstOrDefault(o => o.ElementType == OnnxElementType.Float && (o.Rank == 2 ||
            (o.Rank == 4 && ((o.Dims[2] == 1 && o.Dims[3] == 1) || (o.Dims[1] == 1 && o.Dims[2] == 1)))));
        if (pooled is null)
        {
            reasons.Add("features: no pooled output and no final Gemm/MatMul/Softmax found; set it by hand to the global-pool tensor.");
            return null;
        }

        reasons.Add(pooled is { Rank: 2 } && pooled.Dims[1] == NormalizationCheck.ImageNetClasses
            ? $"features '{pooled.Name}': the 1000-way classifier output itself, as no float pooled tensor was found before it (a quantized " +
              "classifier layer reads quantized values); its logits still work as features."
            : $"features '{pooled.Name}': a float output of shape {pooled.DescribeShape()} (rank 2, or rank 4 with 1x1 spatial dims) " +
              "and no classifier layer found before it, so the model already ends in pooled features.");
        return pooled.Name;
    }

    private static (string Tensor, string Op)? ClassifierInput(OnnxModelInfo model, string output)
    {
        var (tensor, sawSoftmax) = (output, false);
        for (var hops = 0; hops < 16; hops++)
        {
            var op = model.FindProducerOp(tensor);
            if (op is null)
                return null;
            if (ClassifierOps.Contains(op) || (op == "Conv" && sawSoftmax) || (op == "Add" && IsMatMulPlusBias(model, tensor)))
            {
                var before = model.ProducerFirstInput(tensor);
                if (string.IsNullOrEmpty(before))
                    return null;
                if (op == "Add")
                    before = model.ProducerFirstInput(before) ?? before;
                return (before, op);
            }

            if (op == "Softmax" || op == "LogSoftmax")
                sawSoftmax = true;
            else if (!PassThroughOps.Contains(op))
                return null;
            tensor = model.ProducerFirstInput(tensor) ?? "";
        }

        return null;
    }

    private static bool IsFloat(OnnxModelInfo model, string tensor, string source, out string why)
    {
        try
        {
            FeatureTensorCheck.Check(model, tensor, source);
            why = "";
            return true;
        }
        catch (InvalidDataException e)
        {
            why = e.Message;
            return false;
        }
    }

    private static bool IsMatMulPlusBias(OnnxModelInfo model, string addOutput) =>
        model.ProducerFirstInput(addOutput) is { } first && model.FindProducerOp(first) == "MatMul";
}
