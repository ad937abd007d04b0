using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// Measures the range of each activation to quantize: the float model, with the project's preprocessing in front
/// (the feature extractor featurizing runs), exposes those tensors as extra outputs; the calibration images' pixels
/// go through it one by one and each tensor's min and max over all of them is kept.
/// </summary>
internal static class ActivationCalibrator
{
    public static Dictionary<string, ActivationRange> Calibrate(byte[] floatModel, BackboneSpec spec, IReadOnlyList<string> tensors,
        float[] pixels, int imageCount, string source, CancellationToken cancellationToken = default)
    {
        if (imageCount <= 0)
            throw new InvalidDataException($"Backbone '{source}' cannot be calibrated for int8: no calibration image could be read.");
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(floatModel, spec, source);
        using var options = SessionOptions();
        using var session = new InferenceSession(ExposeOutputs(extractor, tensors, source), options);

        var pixelCount = 3 * spec.Height * spec.Width;
        var min = tensors.ToDictionary(t => t, _ => float.PositiveInfinity, StringComparer.Ordinal);
        var max = tensors.ToDictionary(t => t, _ => float.NegativeInfinity, StringComparer.Ordinal);
        var shape = new long[] { 1, 3, spec.Height, spec.Width };
        for (var image = 0; image < imageCount; image++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                pixels.AsMemory(image * pixelCount, pixelCount), shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [input], tensors);
            for (var t = 0; t < tensors.Count; t++)
            {
                var values = outputs[t].GetTensorDataAsSpan<float>();
                var (low, high) = (min[tensors[t]], max[tensors[t]]);
                foreach (var v in values)
                {
                    if (v < low) low = v;
                    if (v > high) high = v;
                }

                (min[tensors[t]], max[tensors[t]]) = (low, high);
            }
        }

        return tensors.ToDictionary(t => t, t => new ActivationRange(min[t], max[t]), StringComparer.Ordinal);
    }

    /// <summary>The model with the named intermediate tensors declared as graph outputs (float, shape left to the runtime).</summary>
    internal static byte[] ExposeOutputs(byte[] model, IReadOnlyList<string> tensors, string source)
    {
        var document = OnnxModelDocument.Parse(model, source);
        var computed = document.Nodes.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var missing = tensors.Where(t => !computed.Contains(t)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"ONNX model '{source}' computes no tensor(s) {NameSuggestions.Quote(missing.Take(5))}.");
        var rewritten = RewrittenModel.Copy(document);
        var declared = document.Outputs.Select(o => o.Info.Name).ToHashSet(StringComparer.Ordinal);
        rewritten.NewOutputs.AddRange(tensors.Where(t => !declared.Contains(t)).Select(t => OnnxMessages.UnshapedValueInfo(t, OnnxElementType.Float)));
        return rewritten.Write();
    }

    private static SessionOptions SessionOptions() => new()
    {
        // Basic optimizations only: no fusion may hide a tensor being measured, and the float values are what the
        // quantized model will see.
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
}
