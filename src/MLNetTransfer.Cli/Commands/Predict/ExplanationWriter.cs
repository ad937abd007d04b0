using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Cli.Commands.Predict;

/// <summary>
/// predict --explain: one PNG per image, named after it, holding the centre crop with its occlusion map blended in.
/// Maps come from the exported model.onnx beside the model.zip (ONNX Runtime only, about 50 runs per image).
/// </summary>
public sealed class ExplanationWriter : IDisposable
{
    private readonly OcclusionExplainer _explainer;
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    private ExplanationWriter(OcclusionExplainer explainer, string folder)
    {
        _explainer = explainer;
        Folder = folder;
    }

    public string Folder { get; }

    public int Written { get; private set; }

    public static ExplanationWriter Open(string modelZip, string folder)
    {
        var onnx = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelZip)) ?? ".", ModelFiles.ModelOnnx);
        if (!File.Exists(onnx))
        {
            throw new BadInputException($"--explain needs the exported classifier '{onnx}' (written by 'mlnet-transfer train' beside model.zip); " +
                "it is what the occluded copies of each image are scored with.");
        }
        OcclusionExplainer explainer;
        try
        {
            explainer = OcclusionExplainer.Load(onnx);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new BadInputException($"--explain cannot use '{onnx}': {e.Message}");
        }
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        return new ExplanationWriter(explainer, full);
    }

    /// <summary>Writes the map of the predicted class of <paramref name="imagePath"/>; returns the PNG's path.</summary>
    public string Write(string imagePath)
    {
        var map = _explainer.ExplainFile(imagePath);
        var path = Path.Combine(Folder, UniqueName(imagePath));
        AtomicFile.WriteAllBytes(path, map.ToPng());
        Written++;
        return path;
    }

    /// <summary>The image's own name with .png; images of the same name from different folders get -2, -3...</summary>
    private string UniqueName(string imagePath)
    {
        var stem = Path.GetFileNameWithoutExtension(imagePath);
        var name = stem + ".png";
        for (var n = 2; !_names.Add(name); n++)
            name = $"{stem}-{n}.png";
        return name;
    }

    public void Dispose() => _explainer.Dispose();
}
