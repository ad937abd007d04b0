using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Reliability;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>train, evaluate and predict read images the same guarded way: special, huge and lying files are skipped, named.</summary>
[Collection(TrainedModelCollection.Name)]
public class SpecialFileTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Train_evaluate_and_predict_skip_a_fifo_a_device_a_5_gb_file_and_a_lying_header_and_go_on()
    {
        using var dir = new TempDir("mlnt-cli-special");
        var data = dir.Combine("train");
        var validation = dir.Combine("val");
        TestDatasets.Copy(fixture.TrainFolder, data);
        TestDatasets.Copy(fixture.ValidationFolder, validation);
        foreach (var root in new[] { data, validation })
        {
            var someClass = Directory.GetDirectories(root).Order(StringComparer.Ordinal).First();
            SpecialFiles.Fifo(Path.Combine(someClass, "pipe.jpg"));
            SpecialFiles.DeviceLink(Path.Combine(someClass, "zero.jpg"));
            SpecialFiles.Sparse(Path.Combine(someClass, "big.jpg"), 5L << 30);
            File.WriteAllBytes(Path.Combine(someClass, "lying.png"), SpecialFiles.LyingPng());
        }
        var output = dir.Combine("out");
        var args = fixture.TrainArgs(output).Select(a => a == fixture.TrainFolder ? data : a == fixture.ValidationFolder ? validation : a).ToArray();

        var train = SpecialFiles.WithoutHanging(() => Tool.Run(args));
        var evaluate = SpecialFiles.WithoutHanging(() => Tool.Run("evaluate", "--model", output, "--data", validation));
        var predict = SpecialFiles.WithoutHanging(() => Tool.Run("predict", "--model", output, "--json", validation));

        train.ExitCode.Should().Be(0, train.ToString());
        var skipped = Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("skipped").EnumerateArray()
            .Select(s => (File: s.GetProperty("file").GetString()!, Reason: s.GetProperty("reason").GetString()!)).ToArray();
        foreach (var root in new[] { data, validation })
        {
            skipped.Should().Contain(s => s.File.StartsWith(root) && s.File.EndsWith("pipe.jpg") && s.Reason.Contains("named pipe"));
            skipped.Should().Contain(s => s.File.StartsWith(root) && s.File.EndsWith("zero.jpg") && s.Reason.Contains("character device"));
            skipped.Should().Contain(s => s.File.StartsWith(root) && s.File.EndsWith("big.jpg") && s.Reason.Contains("above the image size limit"));
            skipped.Should().Contain(s => s.File.StartsWith(root) && s.File.EndsWith("lying.png") && s.Reason.Contains("more than its"));
        }
        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        (evaluate.Stdout + evaluate.Stderr).Should().Contain("named pipe").And.Contain("character device").And.Contain("above the image size limit");
        predict.ExitCode.Should().Be(0, predict.ToString());
        predict.Stdout.Should().Contain("named pipe").And.Contain("character device").And.Contain("more than its");
    }
}
