using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// Measures the range of each activation to quantize: the float model, with the project's preprocessing in front
/// (the feature extractor featurizing runs), exposes those tensors as extra outputs and the calibration images' pixels
/// go through it one by one. A first pass finds each tensor's min and max; below the 100th percentile a second pass
/// counts the values in a histogram over that span and the range shrinks to the given percentile at both ends, so a
/// few outliers do not cost every other value its resolution.
/// </summary>
internal static class ActivationCalibrator
{
    private const int Bins = 4096;

    public static Dictionary<string, ActivationRange> Calibrate(byte[] floatModel, BackboneSpec spec, IReadOnlyList<string> tensors,
        float[] pixels, int imageCount, double percentile, string source, CancellationToken cancellationToken = default)
    {
        if (imageCount <= 0)
            throw new InvalidDataException($"Backbone '{source}' cannot be calibrated for int8: no calibration image could be read.");
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(floatModel, spec, source);
        using var options = SessionOptions();
        using var session = new InferenceSession(ExposeOutputs(extractor, tensors, source), options);

        var min = Enumerable.Repeat(float.PositiveInfinity, tensors.Count).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, tensors.Count).ToArray();
        ForEachImage(session, spec, tensors, pixels, imageCount, cancellationToken, (t, values) =>
        {
            foreach (var v in values)
            {
                if (v < min[t]) min[t] = v;
                if (v > max[t]) max[t] = v;
            }
        });

        if (percentile >= 100)
            return tensors.Select((name, t) => (name, t)).ToDictionary(p => p.name, p => new ActivationRange(min[p.t], max[p.t]), StringComparer.Ordinal);

        var histograms = tensors.Select(_ => new long[Bins]).ToArray();
        ForEachImage(session, spec, tensors, pixels, imageCount, cancellationToken, (t, values) =>
        {
            var width = (max[t] - min[t]) / Bins;
            if (!(width > 0))
                return;
            var histogram = histograms[t];
            foreach (var v in values)
                histogram[Math.Clamp((int)((v - min[t]) / width), 0, Bins - 1)]++;
        });

        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        for (var t = 0; t < tensors.Count; t++)
        {
            var width = (max[t] - min[t]) / Bins;
            if (!(width > 0))
            {
                ranges[tensors[t]] = new ActivationRange(min[t], max[t]);
                continue;
            }

            var total = histograms[t].Sum();
            var tail = (long)Math.Floor(total * (100 - percentile) / 100);
            int low = 0, high = Bins - 1;
            for (long below = 0; low < Bins - 1 && below + histograms[t][low] <= tail; low++)
                below += histograms[t][low];
            for (long above = 0; high > low && above + histograms[t][high] <= tail; high--)
                above += histograms[t][high];
            ranges[tensors[t]] = new ActivationRange(min[t] + low * width, min[t] + (high + 1) * width);
        }

        return ranges;
    }

    private static void ForEachImage(InferenceSession session, BackboneSpec spec, IReadOnlyList<string> tensors, float[] pixels, int imageCount,
        CancellationToken cancellationToken, Action<int, ReadOnlySpan<float>> onTensor)
    {
        var pixelCount = 3 * spec.Height * spec.Width;
        var shape = new long[] { 1, 3, spec.Height, spec.Width };
        for (var image = 0; image < imageCount; image++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                pixels.AsMemory(image * pixelCount, pixelCount), shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [input], tensors);
            for (var t = 0; t < tensors.Count; t++)
                onTensor(t, outputs[t].GetTensorDataAsSpan<float>());
        }
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
