using System.Globalization;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Reporting;
using MLNetTransfer.Training;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Writes report.html: curves, confusion heat map, per-class table and the most confident mistakes.</summary>
public static class ReportStep
{
    public const string FileName = "report.html";

    public static TrainingReportData Write(string outputFolder, string title, IReadOnlyList<string> classes, HeadTrainingResult training,
        EvaluationResult? validation, IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings,
        IReadOnlyDictionary<string, double> timings)
    {
        var data = new TrainingReportData
        {
            Title = title,
            Classes = classes,
            History = training.History,
            BestEpoch = training.BestEpoch,
            Validation = validation,
            Skipped = skipped.Select(s => new Featurization.SkippedImage(s.File, s.Reason)).ToArray(),
            Settings = settings.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? ""),
            TimingsSeconds = timings,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        HtmlReport.Write(Path.Combine(outputFolder, FileName), data);
        return data;
    }
}
