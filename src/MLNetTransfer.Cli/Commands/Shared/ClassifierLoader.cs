using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Prediction;
using MLNetTransfer.Runtime;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>
/// Loads the model that evaluate and predict score with: model.zip through ML.NET by default; the exported model.onnx
/// beside it when a device is named (ONNX Runtime runs it there) or with --tta (each view of a photo runs through it and
/// the class probabilities are averaged; the saved model itself stays single-view).
/// </summary>
public static class ClassifierLoader
{
    /// <summary>
    /// Views --tta averages: the photo, its mirror image and both zoomed 1.15x. Four paid more than two on flowers-dev
    /// (docs/benchmarks.md, section views).
    /// </summary>
    public const int TestTimeViews = 4;

    public const string TtaDescription = "Test-time augmentation: average the class probabilities of 4 views of each photo (as is, " +
        "mirrored, and both zoomed 1.15x into the centre): about 4x the work per photo; runs the exported model.onnx beside model.zip.";

    public static ImagePredictionSource Load(string zip, string? device, bool tta)
    {
        if (device is null && !tta)
            return new ImagePredictionSource(ImageClassifierPool.Load(zip), zip);
        var executionDevice = DeviceFlag.Parse(device);
        var onnx = Path.ChangeExtension(zip, ".onnx");
        if (!File.Exists(onnx))
        {
            var flag = tta ? "--tta" : "--device";
            throw new BadInputException($"{flag} runs the exported classifier, but '{onnx}' (written by train beside {Path.GetFileName(zip)}) does not exist.");
        }
        return new ImagePredictionSource(ImageClassifierPool.Load(onnx, executionDevice, tta ? TestTimeViews : 1), onnx);
    }
}

/// <summary>The pool to score with and the model file it runs.</summary>
public sealed record ImagePredictionSource(ImageClassifierPool Pool, string ModelFile);
