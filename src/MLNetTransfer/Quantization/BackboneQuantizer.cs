using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// Post-training static int8 quantization of a float backbone: prepare the float graph (features only, BatchNorm
/// folded, opset 13), plan the int8 operators, calibrate their activations on the given pixels, write QDQ.
/// The same backbone, pixels and settings give the same bytes.
/// </summary>
internal static class BackboneQuantizer
{
    private static readonly HashSet<string> QuantizedOperators = new(StringComparer.Ordinal)
    {
        "QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger", "DynamicQuantizeLinear",
        "QLinearAdd", "QLinearMul", "QLinearGlobalAveragePool", "QGemm", "QLinearSigmoid", "QLinearLeakyRelu",
    };

    /// <summary>True when the model already runs in integers somewhere (quantize nodes, or int8/uint8 Conv inputs).</summary>
    public static bool IsQuantized(byte[] backbone, string source) =>
        OnnxModelDocument.Parse(backbone, source).Nodes.Any(n => QuantizedOperators.Contains(n.OpType));

    /// <summary>The float model calibration runs: the backbone as it will be quantized, still in float.</summary>
    public static byte[] Prepare(byte[] backbone, BackboneSpec spec, string source) => FloatGraphPreparation.Prepare(backbone, spec, source);

    /// <summary>The tensors whose ranges <see cref="Quantize"/> needs, in the order it wants them.</summary>
    public static IReadOnlyList<string> TensorsToCalibrate(byte[] prepared, BackboneSpec spec, QuantizationSettings settings, string source) =>
        QdqPlan.For(OnnxModelDocument.Parse(prepared, source), spec.Features, settings).Activations;

    /// <summary>Quantizes a prepared model with ranges measured on <paramref name="pixels"/> (planar RGB 0..255, one image after another).</summary>
    public static byte[] Quantize(byte[] prepared, BackboneSpec spec, float[] pixels, int imageCount, QuantizationSettings settings, string source,
        CancellationToken cancellationToken = default)
    {
        var document = OnnxModelDocument.Parse(prepared, source);
        var plan = QdqPlan.For(document, spec.Features, settings);
        if (plan.Convs.Count == 0)
            throw new NotSupportedException($"Backbone '{source}' cannot be quantized to int8: it has no Conv that can run in int8. Use float32 precision for it.");
        var ranges = ActivationCalibrator.Calibrate(prepared, spec, plan.Activations, pixels, imageCount, settings.Percentile, source, cancellationToken);
        return QdqModelWriter.Write(document, plan, ranges, settings.Key);
    }
}
