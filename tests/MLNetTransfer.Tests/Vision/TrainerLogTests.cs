using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetTransfer.Featurization;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Vision;

/// <summary>Without a MetricsCallback, progress goes to MLContext.Log exactly as Microsoft.ML.Vision writes it.</summary>
public sealed class TrainerLogTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private const string Source = "ImageClassificationTrainer; ImageClassificationTrainer";

    [Fact]
    public void Without_a_callback_the_log_carries_the_callbacks_lines_as_Vision_trace_messages()
    {
        var withCallback = new List<string>();
        Train(o => o.MetricsCallback = m => withCallback.Add(m.ToString()), out _);

        Train(_ => { }, out var log);

        log.Should().OnlyContain(e => e.Kind == ChannelMessageKind.Trace && e.Source == Source);
        log.Select(e => e.Message).Should().Equal(
            new[] { "Channel started" }.Concat(withCallback).Select(text => $"[Source={Source}, Kind=Trace] {text}"));
        withCallback.Should().Contain(l => l.StartsWith("Phase: Bottleneck Computation", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("Phase: Training", StringComparison.Ordinal));
    }

    [Fact]
    public void With_a_callback_nothing_is_logged_under_the_trainers_name()
    {
        Train(o => o.MetricsCallback = _ => { }, out var log);
        log.Should().BeEmpty();
    }

    [Fact]
    public void Bottleneck_index_counts_each_sets_images_from_1_validation_set_first()
    {
        var bottlenecks = new List<BottleneckMetrics>();
        Train(o => o.MetricsCallback = m => { if (m.Bottleneck is { } b) bottlenecks.Add(b); }, out _);

        bottlenecks.Select(b => (b.DatasetUsed, b.Index)).Should().Equal(
            Enumerable.Range(1, 15).Select(i => (ImageClassificationMetrics.Dataset.Validation, i))
                .Concat(Enumerable.Range(1, 30).Select(i => (ImageClassificationMetrics.Dataset.Train, i))));
    }

    [Fact]
    public void Bottleneck_index_does_not_count_skipped_images()
    {
        var folder = fixture.Dir.Combine("train-with-a-broken-image");
        foreach (var file in Directory.GetFiles(fixture.TrainFolder, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(folder, Path.GetRelativePath(fixture.TrainFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
        File.WriteAllText(Path.Combine(folder, "red", "broken.jpg"), "not an image");

        var indices = new List<int>();
        var skipped = new List<SkippedImage>();
        Train(o =>
        {
            o.ValidationSet = null;
            o.SkippedImageCallback = skipped.Add;
            o.MetricsCallback = m => { if (m.Bottleneck is { } b) indices.Add(b.Index); };
        }, out _, folder);

        skipped.Should().ContainSingle(s => s.Name.Contains("broken.jpg"));
        indices.Should().Equal(Enumerable.Range(1, 30));
    }

    private void Train(Action<Options> configure, out List<LoggingEventArgs> log, string? trainFolder = null)
    {
        var ml = new MLContext(seed: 1);
        var events = new List<LoggingEventArgs>();
        ml.Log += (_, e) =>
        {
            if (e.Source.StartsWith("ImageClassificationTrainer", StringComparison.Ordinal))
            {
                lock (events)
                    events.Add(e);
            }
        };
        var (train, validation) = fixture.Load(ml, trainFolder);
        var options = fixture.Options("log-cache");
        options.Epoch = 3;
        options.ValidationSet = validation;
        configure(options);
        ml.MulticlassClassification.Trainers.ImageClassification(options).Fit(train);
        log = events;
    }
}
