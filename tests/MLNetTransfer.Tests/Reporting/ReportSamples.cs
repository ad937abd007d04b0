using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Training;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>
/// A small run with known numbers and hostile names. Validation confusion (rows true, columns predicted):
/// [3 1 0] [1 2 0] [1 0 3]; so precision 0.600 / 0.667 / 1.000, recall 0.750 / 0.667 / 0.750, micro accuracy 8/11.
/// The three mistakes, most confident first: a JPEG, a PNG, and a file that does not exist.
/// </summary>
internal static class ReportSamples
{
    public const string Script = "<script>alert(1)</script>";
    public const string Ampersand = "a&b \"q\"";
    public static readonly string[] Classes = ["daisy", Script, Ampersand];

    public const int MistakeCount = 3;
    public const int ReadableMistakes = 2;

    public static TrainingReportData Build(string imageFolder, int epochs = 5, bool withValidation = true)
    {
        var history = History(epochs, withValidation);
        return new TrainingReportData
        {
            Title = "flowers — tiny <b>net</b>",
            Classes = Classes,
            History = history,
            BestEpoch = epochs > 2 ? epochs - 2 : epochs - 1,
            Validation = withValidation ? ClassificationEvaluator.Evaluate(Classes, Scored(imageFolder)) : null,
            Skipped = [new SkippedImage(Path.Combine(imageFolder, "bad <1>.jpg"), "the file holds text, not an image")],
            Settings = new Dictionary<string, string>
            {
                ["backbone"] = "mobilenet_v1_0.75_224",
                ["epochs"] = epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["learning rate"] = "0.01",
                ["note"] = Ampersand,
            },
            TimingsSeconds = new Dictionary<string, double> { ["featurize"] = 12.5, ["train head"] = 3.25 },
            CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
        };
    }

    /// <summary>
    /// <paramref name="classCount"/> classes with long names, five images each: four right, one taken for the next class.
    /// The images are not on disk, so every mistake shows a placeholder.
    /// </summary>
    public static TrainingReportData ManyClasses(string imageFolder, int classCount)
    {
        var classes = Enumerable.Range(0, classCount).Select(i => $"class_with_a_very_long_name_{i:D2}").ToArray();
        var scored = new List<ScoredImage>();
        for (var c = 0; c < classCount; c++)
        {
            for (var i = 0; i < 5; i++)
            {
                var scores = Enumerable.Repeat(0.1f / classCount, classCount).ToArray();
                scores[i == 4 ? (c + 1) % classCount : c] = 0.9f;
                scored.Add(new(Path.Combine(imageFolder, $"{c}_{i}.jpg"), c, scores));
            }
        }
        return Build(imageFolder) with
        {
            Classes = classes,
            Validation = ClassificationEvaluator.Evaluate(classes, scored, maxMistakes: 6),
        };
    }

    /// <summary>Accuracy rises and loss falls; validation values lag the training ones.</summary>
    public static IReadOnlyList<EpochRecord> History(int epochs, bool withValidation = true) =>
        Enumerable.Range(0, epochs).Select(e => new EpochRecord(e, 0.01f,
            TrainAccuracy: 0.5f + 0.45f * e / Math.Max(1, epochs - 1),
            TrainLoss: 1.2f - 0.9f * e / Math.Max(1, epochs - 1),
            ValidationAccuracy: withValidation ? 0.45f + 0.3f * e / Math.Max(1, epochs - 1) : null,
            ValidationLoss: withValidation ? 1.3f - 0.6f * e / Math.Max(1, epochs - 1) : null)).ToArray();

    public static IReadOnlyList<ScoredImage> Scored(string imageFolder)
    {
        var wrongJpeg = Path.Combine(imageFolder, "wrong one.jpg");
        var wrongPng = Path.Combine(imageFolder, "wrong two.png");
        File.WriteAllBytes(wrongJpeg, TestImages.Pattern(300, 200, seed: 3));
        File.WriteAllBytes(wrongPng, TestImages.Halves(90, 150, SKColors.Gold, SKColors.Purple));
        return
        [
            new("d1.jpg", 0, [0.8f, 0.1f, 0.1f]),
            new("d2.jpg", 0, [0.7f, 0.2f, 0.1f]),
            new("d3.jpg", 0, [0.6f, 0.3f, 0.1f]),
            new(wrongJpeg, 0, [0.05f, 0.9f, 0.05f]),
            new("s1.jpg", 1, [0.1f, 0.8f, 0.1f]),
            new("s2.jpg", 1, [0.2f, 0.7f, 0.1f]),
            new(Path.Combine(imageFolder, "missing.jpg"), 1, [0.6f, 0.3f, 0.1f]),
            new(wrongPng, 2, [0.7f, 0.1f, 0.2f]),
            new("q1.jpg", 2, [0.1f, 0.1f, 0.8f]),
            new("q2.jpg", 2, [0.2f, 0.1f, 0.7f]),
            new("q3.jpg", 2, [0.3f, 0.1f, 0.6f]),
        ];
    }
}
