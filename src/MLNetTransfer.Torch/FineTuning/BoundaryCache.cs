using MLNetTransfer.Torch.Graph;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch.FineTuning;

/// <summary>
/// The frozen part's outputs for every image and augmented view, kept on the device: row (view * images + image)
/// of each boundary tensor. Augmentation happens before the frozen part, so each view is a different random crop,
/// flip and jitter; epochs then sample one view per image instead of recomputing the frozen layers.
/// </summary>
internal sealed class BoundaryCache : IDisposable
{
    private readonly Dictionary<string, Tensor> _rows;

    private BoundaryCache(Dictionary<string, Tensor> rows, int images, int views)
    {
        _rows = rows;
        Images = images;
        Views = views;
    }

    public int Images { get; }

    public int Views { get; }

    public static BoundaryCache Build(TorchGraph graph, BlockSplit split, float[] pixels, int images, int height, int width,
        int views, PixelAugmenter augmenter, int batchSize)
    {
        var pixelCount = 3 * height * width;
        var parts = split.Boundary.ToDictionary(b => b, _ => new List<Tensor>(), StringComparer.Ordinal);
        using var _ = no_grad();
        for (var view = 0; view < views; view++)
        {
            for (var start = 0; start < images; start += batchSize)
            {
                var n = Math.Min(batchSize, images - start);
                using var scope = NewDisposeScope();
                var batch = tensor(pixels.AsSpan(start * pixelCount, n * pixelCount).ToArray(), [n, 3, height, width], ScalarType.Float32, graph.Device);
                var feeds = new Dictionary<string, Tensor> { [graph.Graph.Inputs[0]] = augmenter.Apply(batch) };
                var outputs = graph.Run(feeds, split.Frozen, split.Boundary.Where(b => !feeds.ContainsKey(b)).ToArray());
                foreach (var (name, value) in feeds)
                    outputs.TryAdd(name, value);
                foreach (var name in split.Boundary)
                {
                    var value = outputs[name];
                    if (!value.is_floating_point() || value.dim() == 0 || value.shape[0] != n)
                        throw new NotSupportedException(
                            $"The unfrozen part reads '{name}' from the frozen part, but it is not a per-image float activation " +
                            $"(type {value.dtype}, shape [{string.Join(',', value.shape)}]); choose another number of unfrozen blocks.");
                    parts[name].Add(value.detach().clone().MoveToOuterDisposeScope());
                }
            }
        }

        var rows = parts.ToDictionary(p => p.Key, p =>
        {
            var joined = cat(p.Value, 0);
            foreach (var t in p.Value) t.Dispose();
            return joined;
        }, StringComparer.Ordinal);
        return new BoundaryCache(rows, images, views);
    }

    /// <summary>The cached rows for the given images, each in the given view, as feeds for the unfrozen part.</summary>
    public Dictionary<string, Tensor> Select(long[] images, long[] views)
    {
        var rows = images.Zip(views, (i, v) => v * Images + i).ToArray();
        var device = _rows.Values.First().device;
        using var index = tensor(rows, [rows.Length], ScalarType.Int64, device);
        return _rows.ToDictionary(r => r.Key, r => r.Value.index_select(0, index), StringComparer.Ordinal);
    }

    public void Dispose()
    {
        foreach (var t in _rows.Values) t.Dispose();
    }
}
