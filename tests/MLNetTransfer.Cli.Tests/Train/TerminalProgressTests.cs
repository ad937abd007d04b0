using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>The built CLI trained in a real pseudo-terminal (tmux), read back as a person sees the screen.</summary>
public class TerminalProgressTests
{
    private const int Width = 72;

    [TmuxFact]
    public void Each_featurizing_line_ends_with_its_own_final_counts_and_a_resumed_run_says_what_came_from_the_cache()
    {
        using var work = new TempDir("mlnt-tmux");
        var sample = Path.Combine(SharedData.RepositoryRoot, "assets", "sample");
        var dll = Path.Combine(AppContext.BaseDirectory, "MLNetTransfer.Cli.dll");
        string Train(string output) =>
            $"MLNETTRANSFER_OFFLINE=1 MLNETTRANSFER_CACHE_DIR='{work.Combine("cache")}' dotnet '{dll}' train " +
            $"--data '{Path.Combine(sample, "train")}' --validation '{Path.Combine(sample, "val")}' --output '{output}' --epochs 2";
        var script = $"{Train(work.Combine("first"))}; echo \"first-exit=$?\"; {Train(work.Combine("resumed"))}; echo \"resumed-exit=$?\"; sleep 600";

        using var tmux = new Tmux(Width, 50, script);
        var screen = tmux.WaitFor("resumed-exit=", TimeSpan.FromMinutes(10));

        var lines = screen.Split('\n').Select(l => l.TrimEnd()).ToArray();
        lines.Should().Contain("first-exit=0", screen).And.Contain("resumed-exit=0", screen);
        var featurizing = lines.Where(l => l.StartsWith("featurizing", StringComparison.Ordinal)).ToArray();
        featurizing.Should().HaveCount(4, "one line per pass per run, each redrawn in place:\n" + screen);
        featurizing[0].Should().MatchRegex(Final("validation", 20, fromCache: 0, computed: 20));
        featurizing[1].Should().MatchRegex(Final("train", 60, fromCache: 0, computed: 60));
        featurizing[2].Should().MatchRegex(Final("validation", 20, fromCache: 20, computed: 0));
        featurizing[3].Should().MatchRegex(Final("train", 60, fromCache: 60, computed: 0));
    }

    private static string Final(string set, int count, int fromCache, int computed) =>
        $@"^featurizing {set}: {count}/{count} images \(100%\)(, [0-9.]+ images/s)?, {fromCache} from cache, {computed} computed, 0 skipped$";
}
