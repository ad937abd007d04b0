using System.Globalization;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Prediction;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

[Collection(TrainedModelCollection.Name)]
public class BatchPredictTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Shards_run_one_at_a_time_give_the_rows_of_a_plain_batch_and_a_bad_image_keeps_its_reason()
    {
        using var temp = new TempDir("mlnt-batch");
        var data = CopyWithBadImage(temp.Combine("photos"));

        var plainCsv = temp.Combine("plain.csv");
        var plain = Tool.Run("predict", "--model", fixture.Output, "--data", data, "--output", plainCsv);
        plain.ExitCode.Should().Be(0, plain.ToString());

        var store = temp.Combine("store");
        var shardedCsv = temp.Combine("sharded.csv");
        for (var k = 0; k < 3; k++)
        {
            var run = Tool.Run("predict", "--model", fixture.Output, "--data", data, "--store", store, "--shard", $"{k}/3", "--output", shardedCsv);
            run.ExitCode.Should().Be(0, run.ToString());
            File.Exists(shardedCsv).Should().Be(k == 2, "results.csv is written once every shard is done");
        }

        var plainLines = File.ReadAllLines(plainCsv);
        var shardedLines = File.ReadAllLines(shardedCsv);
        plainLines.Should().HaveCount(1 + Directory.GetFiles(data, "*", SearchOption.AllDirectories).Length);
        shardedLines[0].Should().Be(plainLines[0]).And.StartWith("file,label,score,p_").And.EndWith(",error");
        shardedLines.Skip(1).Order(StringComparer.Ordinal).Should().Equal(plainLines.Skip(1).Order(StringComparer.Ordinal));

        var bad = plainLines.Single(l => l.StartsWith("red/bad.png,", StringComparison.Ordinal));
        bad.Split(',')[1].Should().BeEmpty("a bad image has no label");
        bad.Split(',')[^1].Should().NotBeNullOrWhiteSpace("its reason is in the error column");

        // Scores are the library's, written round-trip.
        var good = plainLines.Skip(1).First(l => !l.StartsWith("red/bad.png", StringComparison.Ordinal)).Split(',');
        var prediction = ImageClassifierPool.Load(fixture.ModelZip).PredictFile(Path.Combine(data, good[0]));
        good[1].Should().Be(prediction.PredictedLabel);
        float.Parse(good[2], CultureInfo.InvariantCulture).Should().Be(prediction.Confidence);
        good[^1].Should().BeEmpty();

        // A finished shard is not scored again.
        var again = Tool.Run("predict", "--model", fixture.Output, "--data", data, "--store", store, "--shard", "1/3");
        again.ExitCode.Should().Be(0, again.ToString());
        again.Stdout.Should().Contain("already complete");
    }

    [Fact]
    public void A_batch_needs_somewhere_to_write()
    {
        var run = Tool.Run("predict", "--model", fixture.Output, "--data", fixture.ValidationFolder);
        run.ExitCode.Should().NotBe(0);
        run.ToString().Should().Contain("--output");
    }

    private string CopyWithBadImage(string folder)
    {
        foreach (var file in Directory.GetFiles(fixture.ValidationFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(fixture.ValidationFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(folder, "red", "bad.png"), "not an image");
        return folder;
    }
}
