using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Reporting;

namespace MLNetTransfer.Cli.Commands.Evaluate;

/// <summary>
/// The training report's validation sections for any saved model and labelled folder: thumbnails show the model's
/// centre crop and the first mistakes get occlusion maps when the exported model.onnx sits beside the model.zip.
/// </summary>
public static class EvaluationHtmlReport
{
    public static void Write(string reportPath, string modelZip, string dataFolder, EvaluationResult result, IReadOnlyList<SkippedFile> skipped)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelZip)) ?? ".";
        using var explainer = ReportStep.OpenExplainer(Path.Combine(folder, ModelFiles.ModelOnnx));
        var data = new TrainingReportData
        {
            Title = $"{DatasetName.Of(dataFolder)}: {Path.GetFileName(modelZip)}",
            Classes = result.Classes,
            History = [],
            Validation = result,
            Skipped = skipped.Select(s => new SkippedImage(s.File, s.Reason)).ToArray(),
            Settings = new Dictionary<string, string> { ["model"] = Path.GetFullPath(modelZip), ["data"] = Path.GetFullPath(dataFolder) },
            CreatedAt = DateTimeOffset.UtcNow,
            ModelInputSize = explainer is null ? null : (explainer.InputWidth, explainer.InputHeight),
            Explainer = explainer,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        HtmlReport.Write(reportPath, data);
    }
}
