using System.Diagnostics;

namespace MLNetTransfer.Cluster.Tests.Support;

/// <summary>
/// The private PostgreSQL that tools/postgres/test-db.sh starts (idempotently) for the cluster tests. Where it cannot be
/// started, the tests that need it skip and say why; on CI (CI=true) they run and fail instead.
/// </summary>
internal static class TestPostgres
{
    private static readonly Lazy<(string? Connection, string? Problem)> Started = new(Start);

    public static string? Connection => Started.Value.Connection;

    public static string? Problem => Started.Value.Problem;

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static (string?, string?) Start()
    {
        var script = Path.Combine(SharedData.RepositoryRoot, "tools", "postgres", "test-db.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                return (null, "tools/postgres/test-db.sh did not finish within 2 minutes");
            }
            return process.ExitCode == 0
                ? (stdout.Result.Trim(), null)
                : (null, $"tools/postgres/test-db.sh failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, "cannot run bash: " + e.Message);
        }
    }
}

/// <summary>A fact that needs ../shared and the test PostgreSQL; it skips, saying why, only outside CI.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (!SharedData.Available)
            Skip = SharedData.SkipReason;
        else if (TestPostgres.Connection is null && !TestPostgres.OnCi)
            Skip = "needs PostgreSQL for the Orleans cluster (.ci/run starts it): " + TestPostgres.Problem;
    }
}
