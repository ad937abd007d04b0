using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.Graph;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch;

/// <summary>
/// Computes bottleneck features with libtorch (CPU or CUDA) from the same feature-extractor graph the ONNX Runtime
/// path runs (<see cref="BackboneGraphBuilder.BuildFeatureExtractor"/>), so preprocessing and weights are identical.
/// Same contract as <c>BottleneckFeaturizer.FeaturizePixels</c>: planar RGB 0..255 floats in, [count, D] out.
/// </summary>
public sealed class TorchFeaturizer : IDisposable
{
    private readonly TorchGraph _graph;

    public TorchFeaturizer(byte[] backbone, BackboneSpec spec, TorchEngineOptions? options = null, string source = "<backbone>")
    {
        ArgumentNullException.ThrowIfNull(spec);
        Options = options ?? new TorchEngineOptions();
        Spec = spec;
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, source);
        var graph = OnnxGraph.Read(extractor, source);
        var device = TorchRuntime.ResolveDevice(Options.Device);
        _graph = new TorchGraph(graph, device);
    }

    public TorchEngineOptions Options { get; }

    public BackboneSpec Spec { get; }

    /// <summary>The torch device it runs on, e.g. "cuda:0".</summary>
    public string Device => _graph.Device.ToString();

    public int PixelCount => 3 * Spec.Height * Spec.Width;

    public float[] FeaturizePixels(float[] pixels, int count)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (count < 0 || pixels.Length < (long)count * PixelCount)
            throw new ArgumentException($"{count} images need {(long)count * PixelCount} floats; {pixels.Length} were given.", nameof(pixels));
        var result = new List<float>();
        using var _ = no_grad();
        for (var start = 0; start < count; start += Options.BatchSize)
        {
            var n = Math.Min(Options.BatchSize, count - start);
            using var scope = NewDisposeScope();
            var batch = tensor(pixels.AsSpan(start * PixelCount, n * PixelCount).ToArray(), [n, 3, Spec.Height, Spec.Width], ScalarType.Float32, _graph.Device);
            var features = Forward(batch);
            result.AddRange(features.cpu().data<float>().ToArray());
        }

        return [.. result];
    }

    /// <summary>Features of a pixel batch already on the device (for benchmarks: no host copies).</summary>
    internal Tensor Forward(Tensor pixels) =>
        _graph.Run(new Dictionary<string, Tensor> { [BackboneGraphBuilder.PixelsInput] = pixels }, _graph.Graph.Nodes,
            [BackboneGraphBuilder.FeaturesOutput])[BackboneGraphBuilder.FeaturesOutput];

    internal Device TorchDevice => _graph.Device;

    public void Dispose() => _graph.Dispose();
}
