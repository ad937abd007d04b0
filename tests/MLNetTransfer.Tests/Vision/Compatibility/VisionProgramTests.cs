using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.Trainers;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Vision.Compatibility;

/// <summary>
/// Programs written as Microsoft.ML.Vision users write them, compiled against this library and run on tiny data: they
/// compile unchanged (or with the one changed <c>using</c>) and print what they print with Vision.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class VisionProgramTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private const string LogPrefix = "[Source=ImageClassificationTrainer; ImageClassificationTrainer, Kind=Trace] ";

    [Fact]
    public void The_default_sample_with_only_MicrosoftML_usings_trains_and_logs_as_Vision()
    {
        var program = VisionProgram.Compile(DefaultSampleProgram.Source);
        var work = fixture.Dir.Combine("default-sample");
        Directory.CreateDirectory(work);

        var output = Lines(VisionProgram.Run(program, fixture.BackbonePath, fixture.Dir.Combine("default-sample-cache"), fixture.TrainFolder, work));

        var log = output.Where(l => l.StartsWith("[Source=ImageClassificationTrainer;", StringComparison.Ordinal)).ToArray();
        log.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith(LogPrefix, StringComparison.Ordinal), "Vision logs Trace lines of this source");
        log[0].Should().Be(LogPrefix + "Channel started", "Vision starts its log channel when the trainer is created");

        // One line per featurized train image, Index counted from 1, as Vision's text.
        var bottlenecks = log.Where(l => l.Contains("Phase: Bottleneck Computation", StringComparison.Ordinal)).ToArray();
        bottlenecks[0].Should().Be(LogPrefix + "Phase: Bottleneck Computation, Dataset used:      Train, Image Index:   1");
        bottlenecks.Select(IndexOf).Should().Equal(Enumerable.Range(1, bottlenecks.Length));
        bottlenecks.Length.Should().BeInRange(20, 30, "the sample trains on 90% of the 30 images");

        // Per-epoch training lines: the train set with its learning rate, then the held-out validation fraction.
        var training = log.Where(l => l.Contains("Phase: Training", StringComparison.Ordinal)).ToArray();
        training.Should().Contain(l => Regex.IsMatch(l, @"Phase: Training, Dataset used:      Train, Batch Processed Count: +\d+, Epoch:   0, " +
            @"Accuracy: +\S+, Cross-Entropy: +\S+, Learning Rate: +0\.01$"));
        training.Should().Contain(l => l.StartsWith(LogPrefix + "Phase: Training, Dataset used: Validation, Batch Processed Count:   1, Epoch:   0, Accuracy: ",
            StringComparison.Ordinal));

        output.Should().Contain("Training with transfer learning finished.");
        output.Should().Contain(l => l.StartsWith("Micro-accuracy: ", StringComparison.Ordinal));
        output.Should().ContainSingle(l => Regex.IsMatch(l, @"^Scores : \[[^,]+,[^,]+,[^,]+\], Predicted Label : (blue|green|red)$"));
    }

    [Fact]
    public void The_scheduler_sample_uses_MLNETs_own_schedulers_with_Visions_rates()
    {
        var program = VisionProgram.Compile(SchedulerSampleProgram.Source);

        var output = Lines(VisionProgram.Run(program, fixture.BackbonePath, fixture.Dir.Combine("scheduler-sample-cache"),
            fixture.TrainFolder, fixture.ValidationFolder));

        // 30 train images in batches of 10: 3 batches per epoch; the epoch's rate is its last step's.
        LearningRateScheduler[] expected =
        [
            new LsrDecay(),
            new ExponentialLRDecay(learningRate: 0.05f, numEpochsPerDecay: 1, decayRate: 0.5f),
            new PolynomialLRDecay(learningRate: 0.05f, numEpochsPerDecay: 2, endLearningRate: 0.001f),
        ];
        var runs = Split(output, l => l.StartsWith("*** ", StringComparison.Ordinal));
        runs.Select(r => r.Header).Should().Equal("*** LsrDecay ***", "*** ExponentialLRDecay ***", "*** PolynomialLRDecay ***");
        for (var run = 0; run < expected.Length; run++)
        {
            var lines = runs[run].Lines;
            var rates = lines.Where(l => l.StartsWith("Phase: Training, Dataset used:      Train,", StringComparison.Ordinal))
                .Select(l => float.Parse(l[(l.LastIndexOf(':') + 1)..], CultureInfo.CurrentCulture)).ToArray();
            rates.Should().Equal(Enumerable.Range(0, 4).Select(epoch => MlNetSchedulerOracle.Rate(expected[run], epoch, 2, 3, 10)),
                $"{runs[run].Header} must give ML.NET's own rates");

            // The validation set is featurized first, as Vision does; each set counts its images from 1.
            var bottlenecks = lines.Where(l => l.StartsWith("Phase: Bottleneck Computation", StringComparison.Ordinal)).ToArray();
            bottlenecks.Select(l => (l.Contains("Validation", StringComparison.Ordinal), IndexOf(l))).Should()
                .Equal(Enumerable.Range(1, 15).Select(i => (true, i)).Concat(Enumerable.Range(1, 30).Select(i => (false, i))));
        }
        output.Should().Contain("ExponentialLRDecay GlobalStep: 11, DecaySteps: 3", "as Vision, the scheduler's public step fields are kept up to date");
    }

    [Fact]
    public void A_Model_Builder_project_trains_saves_and_predicts_with_its_pass_through_columns()
    {
        var program = VisionProgram.Compile(ModelBuilderProgram.Consumption, ModelBuilderProgram.Training, ModelBuilderProgram.Program);
        var work = fixture.Dir.Combine("model-builder");
        Directory.CreateDirectory(work);

        var output = Lines(VisionProgram.Run(program, fixture.BackbonePath, fixture.Dir.Combine("model-builder-cache"),
            fixture.TrainFolder, work, fixture.ValidationFolder));

        var predictions = output.Where(l => l.Contains(".jpg: ", StringComparison.Ordinal)).ToArray();
        predictions.Should().HaveCount(15);
        foreach (var line in predictions)
        {
            var match = Regex.Match(line, @"Label=(\d+), ImageSource=(\d+) bytes \(input (\d+)\), PredictedLabel=(\w+), Score=3 values summing to 1\.000$");
            match.Success.Should().BeTrue(line);
            uint.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture).Should().BeInRange(1u, 3u, "the label passes through as its key");
            match.Groups[2].Value.Should().Be(match.Groups[3].Value, "the image bytes pass through unchanged");
            match.Groups[4].Value.Should().BeOneOf("blue", "green", "red");
        }
        var correct = int.Parse(Regex.Match(output.Single(l => l.StartsWith("Correct: ", StringComparison.Ordinal)), @"Correct: (\d+) of 15").Groups[1].Value,
            CultureInfo.InvariantCulture);
        correct.Should().BeGreaterThanOrEqualTo(12);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private static int IndexOf(string bottleneckLine) =>
        int.Parse(bottleneckLine[(bottleneckLine.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    private static List<(string Header, string[] Lines)> Split(string[] lines, Func<string, bool> isHeader)
    {
        var runs = new List<(string Header, List<string> Lines)>();
        foreach (var line in lines)
        {
            if (isHeader(line))
                runs.Add((line, []));
            else if (runs.Count > 0)
                runs[^1].Lines.Add(line);
        }
        return runs.Select(r => (r.Header, r.Lines.ToArray())).ToList();
    }
}
