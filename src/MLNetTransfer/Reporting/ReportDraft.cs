namespace MLNetTransfer.Reporting;

/// <summary>A rendered report waiting for its timings: the page before the timings section, and the rest.</summary>
internal sealed record ReportDraft(string BeforeTimings, string AfterTimings)
{
    public string Complete(IReadOnlyDictionary<string, double> timings) =>
        BeforeTimings + HtmlReport.TimingsSection(timings) + AfterTimings;
}
