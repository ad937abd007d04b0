using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Training;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// report.html. The renderer (MLNetTransfer.Reporting.HtmlReport) lives on another branch; this step gathers
/// exactly the data its TrainingReportData takes, so wiring it up is a one-line change (marked below).
/// </summary>
public static class ReportStep
{
    public const string FileName = "report.html";

    /// <summary>Returns the data the report would be written from; writes nothing until HtmlReport is merged.</summary>
    public static ReportContent Write(string outputFolder, IReadOnlyList<string> classes, HeadTrainingResult training,
        EvaluationResult? validation, IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings,
        IReadOnlyDictionary<string, double> timings)
    {
        var data = new ReportContent
        {
            Title = $"mlnet-transfer: {string.Join(", ", classes)}",
            Classes = classes,
            History = training.History,
            BestEpoch = training.BestEpoch,
            Validation = validation,
            Skipped = skipped.Select(s => new Featurization.SkippedImage(s.File, s.Reason)).ToArray(),
            Settings = settings.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            TimingsSeconds = timings,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        // WIRE-UP (after merging the report branch): replace ReportContent by TrainingReportData and uncomment:
        // MLNetTransfer.Reporting.HtmlReport.Write(Path.Combine(outputFolder, FileName), data);
        return data;
    }
}

/// <summary>Stand-in with the properties of MLNetTransfer.Reporting.TrainingReportData; delete it when wiring up.</summary>
public sealed record ReportContent
{
    public required string Title { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
    public required int BestEpoch { get; init; }
    public EvaluationResult? Validation { get; init; }
    public required IReadOnlyList<Featurization.SkippedImage> Skipped { get; init; }
    public required IReadOnlyDictionary<string, string> Settings { get; init; }
    public required IReadOnlyDictionary<string, double> TimingsSeconds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
