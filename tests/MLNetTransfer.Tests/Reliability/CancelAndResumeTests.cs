using Microsoft.ML;
using MLNetTransfer.Featurization;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Reliability;

public class CancelAndResumeTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void A_run_cancelled_while_featurizing_resumes_without_recomputing_finished_images()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        using var cancel = new CancellationTokenSource();
        var options = fixture.Options(cacheName: "cancel-cache");
        options.Featurizer = options.Featurizer with { BatchSize = 4 };
        options.FeaturizeProgress = new InlineProgress<FeaturizeProgress>(p =>
        {
            if (p.Computed >= 8)
                cancel.Cancel();   // what Ctrl+C does in the command-line tool
        });

        var interrupted = () => new ImageClassificationTrainer(ml, options).Train(train, cancellationToken: cancel.Token);

        interrupted.Should().Throw<OperationCanceledException>();
        options.FeaturizeProgress = null;
        var resumed = new ImageClassificationTrainer(ml, options).Train(train).TrainFeaturize;
        resumed.FromCache.Should().BeGreaterThanOrEqualTo(8, "every finished bottleneck was on disk before the cancel");
        resumed.Computed.Should().BeLessThan(30 - 8 + 1);
        (resumed.Computed + resumed.FromCache).Should().Be(30);
    }
}
