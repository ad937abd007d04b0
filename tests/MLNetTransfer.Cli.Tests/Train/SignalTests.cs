using System.Diagnostics;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>SIGTERM (kill, docker stop) stops as cleanly as Ctrl+C: a message, no model files, nothing left behind, exit 143.</summary>
public class SignalTests
{
    [Fact]
    public void Sigterm_while_featurizing_exits_143_leaves_no_model_or_temporary_folder_and_a_rerun_completes()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var work = new TempDir("mlnt-sigterm");
        var sample = Path.Combine(SharedData.RepositoryRoot, "assets", "sample");
        var output = work.Combine("out");
        string[] args = ["train", "--data", Path.Combine(sample, "train"), "--validation", Path.Combine(sample, "val"), "--output", output,
            "--cache-dir", work.Combine("cache"), "--epochs", "3"];

        var (code, stdout, stderr) = RunAndTerminate(args, whenLineContains: "featurizing validation:");

        code.Should().Be(143, stdout + stderr);
        stderr.Should().Contain("SIGTERM").And.Contain("run the same command again to resume");
        Directory.Exists(output).Should().BeFalse("no model file is written by a stopped run");
        Directory.GetDirectories(work.Path).Select(Path.GetFileName).Should().NotContain(d => d!.StartsWith(".out."));
        var (rerun, rerunOut, rerunErr) = RunAndTerminate(args, whenLineContains: null);
        rerun.Should().Be(0, rerunOut + rerunErr);
        File.Exists(Path.Combine(output, "model.zip")).Should().BeTrue();
    }

    /// <summary>Runs the built tool; sends SIGTERM the first time stdout has a line with the text (never, when null).</summary>
    private static (int Code, string Stdout, string Stderr) RunAndTerminate(string[] args, string? whenLineContains)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MLNetTransfer.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["MLNETTRANSFER_OFFLINE"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new System.Text.StringBuilder();
        var sent = false;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            stdout.AppendLine(line);
            if (!sent && whenLineContains is not null && line.Contains(whenLineContains, StringComparison.Ordinal))
            {
                sent = true;
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                kill.WaitForExit(120_000);
            }
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the tool did not end within 10 minutes\n" + stdout);
        }
        return (process.ExitCode, stdout.ToString(), stderr.Result);
    }
}
