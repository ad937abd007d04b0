using System.Globalization;
using System.Text;
using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Prediction.Batch;

/// <summary>
/// The CSV of a batch prediction: one row per image with its path relative to the data, the predicted label, its
/// probability and every class's probability (a column per class, in the model's order), or an empty prediction and the
/// reason the image could not be scored. Probabilities are written round-trip, so equal rows mean equal scores.
/// </summary>
internal static class PredictionRows
{
    public static string Header(IReadOnlyList<string> classes) =>
        string.Join(',', new[] { "file", "label", "score" }.Concat(classes.Select(c => LabelNoiseCsv.Field("p_" + c))).Append("error")) + "\n";

    public static void AppendScored(StringBuilder csv, string name, ImagePrediction prediction)
    {
        csv.Append(LabelNoiseCsv.Field(name)).Append(',').Append(LabelNoiseCsv.Field(prediction.PredictedLabel)).Append(',').Append(Number(prediction.Confidence));
        foreach (var score in prediction.Scores)
            csv.Append(',').Append(Number(score));
        csv.Append(",\n");
    }

    public static void AppendFailed(StringBuilder csv, string name, string reason, int classCount)
    {
        csv.Append(LabelNoiseCsv.Field(name)).Append(",,").Append(',', classCount).Append(',').Append(LabelNoiseCsv.Field(OneLine(reason))).Append('\n');
    }

    /// <summary>The shard files' rows under one header, in the order given; every file must start with that header.</summary>
    public static string Concatenate(IEnumerable<(string Where, string Text)> shards)
    {
        string? header = null;
        var csv = new StringBuilder();
        foreach (var (where, text) in shards)
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            if (end < 0)
                throw new InvalidDataException($"'{where}' is not a prediction result file: it has no header line.");
            var own = text[..(end + 1)];
            if (header is null)
                csv.Append(header = own);
            else if (own != header)
                throw new InvalidDataException($"'{where}' has other columns than the first shard's (another model?): '{own.TrimEnd()}'.");
            csv.Append(text, end + 1, text.Length - end - 1);
        }
        return csv.ToString();
    }

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
