using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>
/// The run's warnings (look-alike class folders, empty or tiny classes, duplicates, cache trouble) and notes on what
/// the trainer decided by itself (early stopping on the loss, the refit), so the page says what metrics.json says.
/// </summary>
internal static class WarningsSection
{
    public const string Id = "warnings";

    public const string Heading = "Warnings and notes";

    /// <summary>The section's body, or null when there is nothing to say (the section is then left out).</summary>
    public static string? Render(IReadOnlyList<string> warnings, IReadOnlyList<string> notes)
    {
        if (warnings.Count == 0 && notes.Count == 0)
            return null;
        var html = new StringBuilder("<ul class=\"run-notes\">");
        foreach (var warning in warnings)
            html.Append($"<li class=\"warning\"><b>Warning:</b> {Html.Escape(warning)}</li>");
        foreach (var note in notes)
            html.Append($"<li class=\"note-item\">{Html.Escape(note)}</li>");
        return html.Append("</ul>").ToString();
    }
}
