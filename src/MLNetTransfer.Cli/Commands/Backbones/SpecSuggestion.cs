using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary>A spec guessed from an ONNX file's declared inputs and outputs, with the reasoning behind each guess.</summary>
public sealed record SpecSuggestion(BackboneSpec Spec, IReadOnlyList<string> Reasons)
{
    // Ops that only reshape or relabel values: walking back through them keeps the same numbers.
    private static readonly string[] PassThroughOps = ["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose"];
    private static readonly string[] ClassifierOps = ["Gemm", "MatMul"];

    public static SpecSuggestion From(OnnxModelInfo model, string name)
    {
        var reasons = new List<string>();
        var input = model.Inputs.FirstOrDefault(i => i.Rank == 4) ?? model.Inputs.FirstOrDefault();
        if (input is null)
            return new SpecSuggestion(new BackboneSpec { Name = name }, ["The model declares no input; write the spec by hand."]);

        var (layout, height, width) = Layout(input, reasons);
        var elementType = input.ElementType == OnnxElementType.UInt8 ? InputElementType.UInt8 : InputElementType.Float32;
        if (input.ElementType is not (OnnxElementType.UInt8 or OnnxElementType.Float))
            reasons.Add($"Input element type {input.ElementType.ToString().ToLowerInvariant()} is not supported; only float32 and uint8 are.");
        var spec = new BackboneSpec
        {
            Name = name,
            Input = input.Name,
            Layout = layout,
            ElementType = elementType,
            Height = height,
            Width = width,
            ChannelOrder = ChannelOrder.RGB,
            Features = Features(model, reasons) ?? "",
        };
        if (elementType == InputElementType.UInt8)
        {
            reasons.Add("uint8 input: the graph takes raw 0..255 pixels, so no scaling or normalization.");
        }
        else if (height == 299)
        {
            spec = spec with { Scale = 1f / 255f, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };
            reasons.Add("299x299 float input is usually an Inception network, which takes pixels scaled to -1..1 (mean = std = 0.5 on 0..1).");
        }
        else
        {
            spec = spec with { Scale = 1f / 255f, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };
            reasons.Add("float input: ImageNet mean/std on 0..1 pixels assumed (the common PyTorch/ONNX-zoo choice). " +
                "Keras/TF models often take -1..1 instead (mean = std = 0.5): check the model's documentation.");
        }
        reasons.Add("channelOrder RGB assumed; Caffe-era models take BGR.");
        return new SpecSuggestion(spec, reasons);
    }

    private static (TensorLayout, int, int) Layout(OnnxValueInfo input, List<string> reasons)
    {
        if (input.Rank != 4)
        {
            reasons.Add($"Input '{input.Name}' has shape {input.DescribeShape()}, not 4-D; layout and size are guesses.");
            return (TensorLayout.NCHW, 224, 224);
        }
        var d = input.Dims;
        var nhwc = d[3] == 3 && d[1] != 3;
        var layout = nhwc ? TensorLayout.NHWC : TensorLayout.NCHW;
        reasons.Add(d[1] == 3 || d[3] == 3
            ? $"Layout {layout}: input shape {input.DescribeShape()} has its 3 colour channels at axis {(nhwc ? 3 : 1)}."
            : $"Layout NCHW assumed: input shape {input.DescribeShape()} shows no axis of 3 channels.");
        long h = nhwc ? d[1] : d[2], w = nhwc ? d[2] : d[3];
        if (h <= 0 || w <= 0)
        {
            reasons.Add("Height and width are symbolic in the model; 224 assumed.");
            return (layout, h > 0 ? (int)h : 224, w > 0 ? (int)w : 224);
        }
        return (layout, (int)h, (int)w);
    }

    /// <summary>The input of the final classifier layer if there is one, else an output that already looks pooled.</summary>
    private static string? Features(OnnxModelInfo model, List<string> reasons)
    {
        foreach (var output in model.Outputs)
        {
            var (tensor, sawSoftmax) = (output.Name, false);
            for (var hops = 0; hops < 16; hops++)
            {
                var op = model.FindProducerOp(tensor);
                if (op is null)
                    break;
                if (ClassifierOps.Contains(op) || (op == "Conv" && sawSoftmax) || (op == "Add" && IsMatMulPlusBias(model, tensor)))
                {
                    var before = model.ProducerFirstInput(tensor);
                    if (string.IsNullOrEmpty(before))
                        break;
                    if (op == "Add")
                        before = model.ProducerFirstInput(before) ?? before;
                    reasons.Add($"features '{before}': the input of the final {op} that computes output '{output.Name}', i.e. what the " +
                        "classifier layer reads (the pooled features).");
                    return before;
                }
                if (op == "Softmax" || op == "LogSoftmax")
                    sawSoftmax = true;
                else if (!PassThroughOps.Contains(op))
                    break;
                tensor = model.ProducerFirstInput(tensor) ?? "";
            }
        }

        var pooled = model.Outputs.FirstOrDefault(o => o.ElementType == OnnxElementType.Float && (o.Rank == 2 ||
            (o.Rank == 4 && ((o.Dims[2] == 1 && o.Dims[3] == 1) || (o.Dims[1] == 1 && o.Dims[2] == 1)))));
        if (pooled is not null)
        {
            reasons.Add($"features '{pooled.Name}': a float output of shape {pooled.DescribeShape()} (rank 2, or rank 4 with 1x1 spatial dims) " +
                "and no classifier layer found before it, so the model already ends in pooled features.");
            return pooled.Name;
        }

        reasons.Add("features: no pooled output and no final Gemm/MatMul/Softmax found; set it by hand to the global-pool tensor.");
        return null;
    }

    private static bool IsMatMulPlusBias(OnnxModelInfo model, string addOutput) =>
        model.ProducerFirstInput(addOutput) is { } first && model.FindProducerOp(first) == "MatMul";
}
