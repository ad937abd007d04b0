using System.Globalization;
using System.Text;

namespace MLNetTransfer.Evaluation;

/// <summary>Label-noise candidates as CSV (RFC 4180 quoting), in the order given: path, labels, probability, loss.</summary>
internal static class LabelNoiseCsv
{
    public const string Header = "path,given_label,predicted_label,given_probability,predicted_probability,loss";

    public static string Format(IReadOnlyList<LabelNoiseCandidate> candidates, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(classes);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var c in candidates)
        {
            csv.Append(Field(c.Name)).Append(',').Append(Field(classes[c.GivenClass])).Append(',').Append(Field(classes[c.PredictedClass])).Append(',')
               .Append(c.GivenProbability.ToString("0.000000", CultureInfo.InvariantCulture)).Append(',')
               .Append(c.PredictedProbability.ToString("0.000000", CultureInfo.InvariantCulture)).Append(',')
               .Append(c.Loss.ToString("0.0000", CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>Writes the CSV atomically.</summary>
    public static void Write(string path, IReadOnlyList<LabelNoiseCandidate> candidates, IReadOnlyList<string> classes) =>
        AtomicFile.WriteAllText(path, Format(candidates, classes));

    /// <summary>One CSV field, quoted only when it must be.</summary>
    internal static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
