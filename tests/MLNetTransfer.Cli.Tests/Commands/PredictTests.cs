using System.Text.Json;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Prediction;

namespace MLNetTransfer.Cli.Tests.Commands;

[Collection(TrainedModelCollection.Name)]
public class PredictTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Predicts_files_and_folders_with_sorted_top_k()
    {
        var file = Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "green"))[0];
        var folder = Path.Combine(fixture.ValidationFolder, "blue");
        var run = Tool.Run("predict", "--model", fixture.Output, "--top", "2", "--json", file, folder);
        run.ExitCode.Should().Be(0, run.ToString());

        var results = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToArray();
        results.Should().HaveCount(1 + 5);
        results[0].GetProperty("file").GetString().Should().Be(file);
        results[0].GetProperty("predictedLabel").GetString().Should().Be("green");
        results.Skip(1).Select(r => r.GetProperty("predictedLabel").GetString()).Should().AllBe("blue");
        foreach (var result in results)
        {
            var scores = result.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("score").GetSingle()).ToArray();
            scores.Should().HaveCount(2).And.BeInDescendingOrder();
            result.GetProperty("top")[0].GetProperty("label").GetString().Should().Be(result.GetProperty("predictedLabel").GetString());
        }

        // The same numbers as the library's pool on the saved model.
        var pool = ImageClassifierPool.Load(fixture.ModelZip);
        results[0].GetProperty("top")[0].GetProperty("score").GetSingle().Should().Be(pool.PredictFile(file).Confidence);
    }

    [Fact]
    public void Text_output_names_each_image_and_its_label()
    {
        var file = Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "red"))[0];
        var run = Tool.Run("predict", "--model", fixture.ModelZip, file);
        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().StartWith($"{file}: red");
    }

    [Fact]
    public void A_bad_image_is_reported_and_the_others_are_still_predicted()
    {
        var bad = fixture.Dir.Combine("predict-bad.png");
        File.WriteAllText(bad, "nope");
        var good = Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "red"))[0];
        var run = Tool.Run("predict", "--model", fixture.ModelZip, "--json", bad, good);
        run.ExitCode.Should().Be(0, run.ToString());
        var results = JsonDocument.Parse(run.Stdout).RootElement;
        results[0].GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        results[1].GetProperty("predictedLabel").GetString().Should().Be("red");
    }
}
