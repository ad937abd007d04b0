using System.Diagnostics;

namespace MLNetTransfer.Cli.Tests.Support;

/// <summary>
/// A detached tmux session on its own server socket: a real pseudo-terminal of a fixed size, whose screen (with the
/// scroll-back) can be read as a person would see it.
/// </summary>
public sealed class Tmux : IDisposable
{
    public const string SkipReason = "needs tmux (apt-get install tmux) to run the CLI in a pseudo-terminal; not found";

    private readonly string _socket = "mlnt-test-" + Guid.NewGuid().ToString("N")[..12];

    public static string? Executable { get; } = new[] { "/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux" }.FirstOrDefault(File.Exists);

    /// <summary>Starts <paramref name="shellCommand"/> in a new pane of <paramref name="width"/> columns.</summary>
    public Tmux(int width, int height, string shellCommand)
    {
        Run("-f", "/dev/null", "new-session", "-d", "-x", width.ToString(), "-y", height.ToString(), shellCommand);
    }

    /// <summary>The whole pane, scroll-back included, with wrapped lines joined back into one.</summary>
    public string Capture() => Run("capture-pane", "-p", "-J", "-S", "-", "-E", "-");

    /// <summary>Waits until the pane shows <paramref name="marker"/>; returns the capture then.</summary>
    public string WaitFor(string marker, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var screen = Capture();
            if (screen.Contains(marker, StringComparison.Ordinal))
                return screen;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"'{marker}' did not appear in the pane within {timeout}; it shows:\n{screen}");
            Thread.Sleep(250);
        }
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string Run(params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(SkipReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // tmux needs to know some terminal type even when detached; CI must be unset inside, or the CLI prints plain lines.
        start.Environment["TERM"] = "xterm";
        start.Environment.Remove("CI");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)) || process.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout;
    }
}

/// <summary>A fact that needs tmux; skipped, saying so, where it is not installed.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (Tmux.Executable is null)
            Skip = Tmux.SkipReason;
    }
}
