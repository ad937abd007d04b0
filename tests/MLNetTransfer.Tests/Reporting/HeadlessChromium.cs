using System.Diagnostics;

namespace MLNetTransfer.Tests.Reporting;

/// <summary>
/// Runs Debian's Chromium headless on a local file: dumps the DOM after load, or takes a screenshot.
/// Every launch gets a fresh profile folder and is killed, with its children, if it outlives the timeout. On a
/// busy machine Chromium can take far longer than usual to start, so the timeout is generous and a launch that
/// times out or fails is tried again with a fresh profile before the test fails.
/// </summary>
internal static class HeadlessChromium
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    public const int Attempts = 3;

    /// <summary>/usr/bin/chromium, else the first "chromium" on PATH, else null.</summary>
    public static string? Executable { get; } = Locate();

    public const string SkipReason =
        "needs Chromium (/usr/bin/chromium or 'chromium' on PATH) to check the report in a real browser; " +
        "install it with: apt-get install -y chromium (.ci/run does so)";

    /// <summary>The DOM after the page's load handlers have run, serialised as HTML.</summary>
    public static string DumpDom(string htmlPath)
    {
        // Virtual time lets the page finish loading and run its load handler before the DOM is dumped.
        var (output, _) = Run(["--dump-dom", "--virtual-time-budget=5000", new Uri(htmlPath).AbsoluteUri]);
        return output;
    }

    public static void Screenshot(string htmlPath, string pngPath, int width, int height) =>
        Run([$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlPath).AbsoluteUri]);

    private static (string Stdout, string Stderr) Run(IReadOnlyList<string> arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return RunOnce(arguments);
            }
            catch (Exception e) when (attempt < Attempts && e is TimeoutException or InvalidOperationException && Executable is not null)
            {
                // A slow or crashed launch on a loaded machine: the next one starts from scratch.
            }
        }
    }

    private static (string Stdout, string Stderr) RunOnce(IEnumerable<string> arguments)
    {
        var executable = Executable ?? throw new InvalidOperationException(SkipReason);
        var profile = Directory.CreateTempSubdirectory("mlnt-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            ];
            foreach (var argument in common.Concat(arguments))
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {executable}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"Chromium did not finish within {Timeout.TotalSeconds} s; stderr: {Tail(stderr)}");
            }
            process.WaitForExit(); // lets the output readers drain
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode}; stderr: {Tail(stderr)}");
            return (stdout.Result, stderr.Result);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Tail(Task<string> stderr)
    {
        var text = stderr.IsCompletedSuccessfully ? stderr.Result : "";
        return text.Length <= 2000 ? text : text[^2000..];
    }

    private static string? Locate()
    {
        if (File.Exists("/usr/bin/chromium"))
            return "/usr/bin/chromium";
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that needs Chromium: it runs when Chromium is installed and skips, saying why, when not.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null)
            Skip = HeadlessChromium.SkipReason;
    }
}
