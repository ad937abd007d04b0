using System.Collections.Concurrent;
using MLNetTransfer.Images;
using MLNetTransfer.Prediction;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;
using MLNetTransfer.Scoring;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Evaluation;

/// <summary>
/// Occlusion maps of an exported classifier (backbone + head + softmax as one ONNX graph) on ONNX Runtime alone, no
/// gradients: a grey patch slides over the centre crop the model sees, every occluded copy is scored again, and
/// each pixel gets the average drop in the predicted class's probability over the patches that covered it (weighted
/// towards the patches centred nearest, which smooths the map).
/// About (1 / stride)² occluded copies per image (49 with the default options), scored with the original in one
/// ONNX Runtime run when they fit <see cref="OcclusionOptions.BatchSize"/>. Thread-safe.
/// </summary>
public sealed class OcclusionExplainer : IDisposable
{
    private readonly OnnxClassifierSession _session;
    private readonly OcclusionOptions _options;
    // Maps drawn ahead by Prefetch, handed out once by ExplainFile.
    private readonly ConcurrentDictionary<(string Path, int Target), OcclusionMap> _ready = new();

    private OcclusionExplainer(OnnxClassifierSession session, OcclusionOptions? options)
    {
        _options = options ?? new OcclusionOptions();
        _options.Validate();
        _session = session;
    }

    /// <summary>Explains with an exported classifier file (model.onnx, with its model.json beside it).</summary>
    public static OcclusionExplainer Load(string classifierOnnxPath, OcclusionOptions? options = null) =>
        new(new OnnxClassifierSession(classifierOnnxPath, ExecutionDevice.Cpu), options);

    /// <summary>Explains with the classifier graph of a model just trained.</summary>
    public static OcclusionExplainer For(ImageClassificationModel model, OcclusionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return For(model.ClassifierOnnx, model.Description, options);
    }

    internal static OcclusionExplainer For(byte[] classifierOnnx, ClassifierDescription description, OcclusionOptions? options = null,
        OnnxSessionSettings? settings = null) => new(new OnnxClassifierSession(classifierOnnx, description, settings), options);

    /// <summary>
    /// The explainer the training report draws its thumbnails' maps with (<see cref="OcclusionOptions.Thumbnail"/>). Each
    /// map uses every core, unless <paramref name="oneThreadPerMap"/>: for maps drawn beside other work, or by several
    /// threads at once, where more ONNX Runtime threads would only take their cores.
    /// </summary>
    internal static OcclusionExplainer ForReport(ImageClassificationModel model, bool oneThreadPerMap = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        return For(model.ClassifierOnnx, model.Description, OcclusionOptions.Thumbnail,
            oneThreadPerMap ? OnnxSessionSettings.ConcurrentRuns(ExecutionDevice.Cpu) : null);
    }

    public IReadOnlyList<string> Classes => _session.Classes;

    /// <summary>Width of the centre crop the model sees.</summary>
    public int InputWidth => _session.Preprocessing.Width;

    /// <summary>Height of the centre crop the model sees.</summary>
    public int InputHeight => _session.Preprocessing.Height;

    /// <summary>Explains an image file; an unreadable image throws <see cref="ImageDecodeException"/>.</summary>
    public OcclusionMap ExplainFile(string path, int? targetClass = null) =>
        targetClass is { } target && _ready.TryRemove((path, target), out var ready)
            ? ready
            : Explain(ImageFileReader.ReadAllBytes(path), targetClass);

    /// <summary>
    /// The map of <paramref name="targetClass"/>, or of the predicted class when null, for encoded image bytes.
    /// </summary>
    public OcclusionMap Explain(byte[] image, int? targetClass = null)
    {
        var crop = CenterCrop(image);
        return ExplainCrop(crop, targetClass);
    }

    /// <summary>The centre crop the model sees, as BGRA of InputWidth x InputHeight: the decode and resize of the saved model.</summary>
    public byte[] CenterCrop(byte[] image)
    {
        var decoded = _session.Pipeline.Decode(image);
        var crop = CenterCropResizer.Fit(decoded, InputWidth, InputHeight).Bgra;
        decoded.ReturnToPool();
        return crop;
    }

    /// <summary>
    /// Draws the maps of images the caller will ask for later (by <see cref="ExplainFile"/> with the same path and
    /// class), e.g. on another thread while the model is being saved. An image that cannot be read is left out: asking
    /// for it again gives the error.
    /// </summary>
    internal void Prefetch(IEnumerable<(string Path, int TargetClass)> images, CancellationToken cancellationToken = default)
    {
        foreach (var (path, target) in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _ready[(path, target)] = Explain(ImageFileReader.ReadAllBytes(path), target);
            }
            catch (Exception e) when (e is ImageDecodeException or IOException or ArgumentException)
            {
                // Not remembered: the caller asks again and gets the reason.
            }
        }
    }

    private OcclusionMap ExplainCrop(byte[] crop, int? targetClass)
    {
        int width = InputWidth, height = InputHeight, plane = width * height;
        var original = new float[3 * plane];
        PlanarPixels.FromBgra(crop, original);

        var side = Math.Min(width, height);
        var patch = Math.Max(1, (int)Math.Round(side * _options.PatchFraction));
        var stride = Math.Max(1, (int)Math.Round(side * _options.StrideFraction));
        var positions = Positions(width, patch, stride).SelectMany(x => Positions(height, patch, stride).Select(y => (x, y))).ToArray();

        // The original and its occluded copies go through the classifier together: one ONNX Runtime run per image at
        // the default batch size, instead of one for the original and one per handful of copies.
        var copies = positions.Length + 1;
        var classCount = Classes.Count;
        var scores = new float[copies * classCount];
        var batch = _session.FixedBatchSize ?? Math.Min(_options.BatchSize, copies);
        var pixels = new float[batch * 3 * plane];
        for (var start = 0; start < copies; start += batch)
        {
            var count = Math.Min(batch, copies - start);
            for (var i = 0; i < count; i++)
            {
                var copy = start + i;
                if (copy == 0)
                    original.CopyTo(pixels.AsSpan(0, 3 * plane));
                else
                    Occlude(original, pixels.AsSpan(i * 3 * plane, 3 * plane), width, height, positions[copy - 1], patch);
            }
            // A graph with a fixed batch size takes exactly that many rows; the unused ones are scored and ignored.
            var scored = _session.ScorePixels(pixels, _session.FixedBatchSize ?? count);
            scored.AsSpan(0, count * classCount).CopyTo(scores.AsSpan(start * classCount));
        }

        var originalScores = scores.AsSpan(0, classCount).ToArray();
        var target = targetClass ?? Training.DenseKernels.ArgMax(originalScores);
        if (target < 0 || target >= classCount)
            throw new ArgumentOutOfRangeException(nameof(targetClass), targetClass, $"The classifier has {classCount} classes.");

        var dropSum = new double[plane];
        var covered = new double[plane];
        // A tent weight, highest at the patch's centre: overlapping patches then blend into a smooth map, not blocks.
        var tent = Enumerable.Range(0, patch).Select(i => 1.0 - Math.Abs(i + 0.5 - patch / 2.0) / (patch / 2.0 + 0.5)).ToArray();
        for (var p = 0; p < positions.Length; p++)
        {
            var drop = originalScores[target] - scores[(p + 1) * classCount + target];
            var (x0, y0) = positions[p];
            for (var y = y0; y < Math.Min(height, y0 + patch); y++)
            {
                for (var x = x0; x < Math.Min(width, x0 + patch); x++)
                {
                    var weight = tent[y - y0] * tent[x - x0];
                    dropSum[y * width + x] += weight * drop;
                    covered[y * width + x] += weight;
                }
            }
        }

        var map = new float[plane];
        for (var i = 0; i < plane; i++)
            map[i] = covered[i] == 0 ? 0 : (float)(dropSum[i] / covered[i]);
        return new OcclusionMap(width, height, crop, map, target, originalScores[target], originalScores);
    }

    /// <summary>Patch origins along one axis: every stride, and one flush with the far edge so the whole crop is covered.</summary>
    internal static IReadOnlyList<int> Positions(int length, int patch, int stride)
    {
        var last = Math.Max(0, length - patch);
        var positions = new List<int>();
        for (var p = 0; p < last; p += stride)
            positions.Add(p);
        positions.Add(last);
        return positions;
    }

    private void Occlude(float[] original, Span<float> target, int width, int height, (int X, int Y) at, int patch)
    {
        original.CopyTo(target);
        var plane = width * height;
        for (var c = 0; c < 3; c++)
        {
            for (var y = at.Y; y < Math.Min(height, at.Y + patch); y++)
                target.Slice(c * plane + y * width + at.X, Math.Min(patch, width - at.X)).Fill(_options.Grey);
        }
    }

    public void Dispose() => _session.Dispose();
}
