using Microsoft.ML;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Reliability;

public class SharedCacheTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public async Task Two_trainings_at_once_on_one_cache_folder_both_succeed_with_the_same_model()
    {
        var options = fixture.Options(cacheName: "shared-cache");

        float[] TrainOnce()
        {
            var ml = new MLContext(seed: 3);
            var (train, _) = fixture.Load(ml);
            return new ImageClassificationTrainer(ml, options).Train(train).Training.Head.Weights;
        }

        var both = await Task.WhenAll(Task.Run(TrainOnce), Task.Run(TrainOnce));

        both[0].Should().Equal(both[1]);
        var entries = Directory.GetFiles(fixture.Dir.Combine("shared-cache"), "*", SearchOption.AllDirectories);
        entries.Should().OnlyContain(f => f.EndsWith(".bin"), "no temporary file is left behind");
        entries.Should().HaveCount(30);
    }
}
