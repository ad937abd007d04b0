using Microsoft.ML.OnnxRuntime;

namespace MLNetTransfer.Tests.Onnx;

/// <summary>A float tensor fetched from ONNX Runtime.</summary>
public sealed record Tensor(float[] Data, long[] Shape)
{
    public float[] Row(int index)
    {
        var width = (int)(Data.Length / Shape[0]);
        return Data.AsSpan(index * width, width).ToArray();
    }
}

/// <summary>Runs a model once under ONNX Runtime (one thread: other builds share the machine).</summary>
public static class OrtRunner
{
    public static IReadOnlyDictionary<string, Tensor> Run(byte[] model, string inputName, float[] data, long[] shape, params string[] outputs)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        return Run(model, inputName, input, outputs);
    }

    public static IReadOnlyDictionary<string, Tensor> Run(byte[] model, string inputName, byte[] data, long[] shape, params string[] outputs)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        return Run(model, inputName, input, outputs);
    }

    /// <summary>
    /// Runs without graph optimizations: quantized models then execute exactly the ops they declare, so two graphs
    /// that compute the same op sequence on the same bytes agree exactly (optimizers may fuse them differently).
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> RunUnoptimized(byte[] model, string inputName, OrtValue input, params string[] outputs) =>
        Run(model, inputName, input, outputs, GraphOptimizationLevel.ORT_DISABLE_ALL);

    /// <summary>The model's output names as ONNX Runtime sees them.</summary>
    public static IReadOnlyList<string> OutputNames(byte[] model)
    {
        using var session = new InferenceSession(model, Options());
        return session.OutputMetadata.Keys.ToArray();
    }

    private static IReadOnlyDictionary<string, Tensor> Run(byte[] model, string inputName, OrtValue input, string[] outputs,
        GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = Options();
        options.GraphOptimizationLevel = level;
        using var session = new InferenceSession(model, options);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [inputName], [input], outputs);
        var fetched = new Dictionary<string, Tensor>();
        for (var i = 0; i < outputs.Length; i++)
        {
            var value = results[i];
            fetched[outputs[i]] = new Tensor(value.GetTensorDataAsSpan<float>().ToArray(), value.GetTensorTypeAndShape().Shape);
        }

        return fetched;
    }

    private static SessionOptions Options() => new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
}
