using System.Text;

namespace MLNetTransfer.Data;

/// <summary>
/// Class names as people type them: the same word in NFC (as Windows and Linux tools usually write) and NFD (as
/// macOS file systems often store names) is one class, and names that differ only by letter case are likely one.
/// </summary>
internal static class ClassNames
{
    /// <summary>A warning for each group of names that differ only by case or by Unicode normalisation.</summary>
    public static IReadOnlyList<string> LookAlikeWarnings(IEnumerable<string> classes) => classes
        .GroupBy(c => c.Normalize(NormalizationForm.FormC).ToUpperInvariant(), StringComparer.Ordinal)
        .Where(g => g.Count() > 1)
        .Select(g => $"Class folders {string.Join(", ", g.Select(Describe))} differ only by " +
            (g.Select(c => c.Normalize(NormalizationForm.FormC)).Distinct(StringComparer.Ordinal).Count() < g.Count() ? "Unicode normalisation (NFC/NFD)" : "letter case") +
            ": they are separate classes; merge them if they mean the same thing.")
        .ToArray();

    /// <summary>
    /// The training class <paramref name="name"/> stands for: itself, or the one spelled the same in another
    /// Unicode normalisation; null when there is none.
    /// </summary>
    public static string? Match(string name, IReadOnlyCollection<string> trainingClasses)
    {
        if (trainingClasses.Contains(name))
            return name;
        var normalized = name.Normalize(NormalizationForm.FormC);
        var matches = trainingClasses.Where(c => c.Normalize(NormalizationForm.FormC) == normalized).ToArray();
        return matches.Length == 1 ? matches[0] : null;
    }

    private static string Describe(string name) =>
        $"'{name}'" + (name.IsNormalized(NormalizationForm.FormC) ? "" : " (NFD)");
}
