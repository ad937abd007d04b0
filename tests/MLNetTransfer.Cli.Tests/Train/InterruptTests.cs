using System.Text;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

[Collection(TrainedModelCollection.Name)]
public class InterruptTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Ctrl_c_while_featurizing_stops_with_130_writes_no_model_and_a_rerun_completes()
    {
        using var dir = new TempDir("mlnt-cli-interrupt");
        var output = dir.Combine("out");
        // A cache of its own, so featurizing really computes.
        var args = fixture.TrainArgs(output).Select(a => a == fixture.CacheDir ? dir.Combine("cache") : a).ToArray();
        using var interrupt = new CancellationTokenSource();
        // Ctrl+C arrives as soon as the first featurizing progress line is printed.
        var stdout = new WatchingWriter("featurizing train:", interrupt.Cancel);
        var stderr = new StringWriter();

        var code = Program.Run(args, stdout, stderr, interrupt.Token);

        code.Should().Be(130, stderr.ToString());
        stderr.ToString().Should().Contain("Interrupted").And.Contain("run the same command again to resume");
        File.Exists(Path.Combine(output, "model.zip")).Should().BeFalse();
        var rerun = Tool.Run(args);
        rerun.ExitCode.Should().Be(0, rerun.ToString());
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        (metrics.GetProperty("bottlenecksComputed").GetInt32() + metrics.GetProperty("bottlenecksFromCache").GetInt32()).Should().Be(45);
    }

    /// <summary>Captures output and calls <paramref name="onMatch"/> the first time a line contains <paramref name="text"/>.</summary>
    private sealed class WatchingWriter(string text, Action onMatch) : StringWriter
    {
        private bool _seen;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (!_seen && value is not null && value.Contains(text, StringComparison.Ordinal))
            {
                _seen = true;
                onMatch();
            }
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
