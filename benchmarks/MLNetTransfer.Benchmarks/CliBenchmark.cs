using System.Diagnostics;
using System.Text.Json;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section cli: `mlnet-transfer train` as users run it (the built CLI through `dotnet`, whole processes) on
/// flowers-dev/train with the shared MobileNet, cold then warm bottleneck cache, alternated with the library as a
/// process (child-train ours) and the stock ML.NET program (child-train stock). Medians, side by side.
/// </summary>
internal static class CliBenchmark
{
    public static void Run(BenchmarkSettings settings, Results results)
    {
        const string section = "cli";
        var cli = LocateCli();
        Console.WriteLine();
        Console.WriteLine($"== cli: {cli} train on flowers-dev/train, whole processes, vs the library (child-train ours) and stock");
        Console.WriteLine($"  load average: {MachineInfo.LoadAverage()}");

        var rounds = new List<Round>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var cliCache = TrainBenchmark.FreshFolder(settings, "cli-cache");
            var cold = RunCli(cli, settings, cliCache);
            var warm = RunCli(cli, settings, cliCache);
            var libraryCache = TrainBenchmark.FreshFolder(settings, "cli-library-cache");
            var (libraryColdWall, libraryCold) = ChildProcess.Run(settings, "child-train", "ours", libraryCache);
            var (libraryWarmWall, libraryWarm) = ChildProcess.Run(settings, "child-train", "ours", libraryCache);
            var (stockWall, _) = ChildProcess.Run(settings, "child-train", "stock", libraryCache);
            var (stockSaveWall, _) = ChildProcess.Run(settings, "child-train", "stock-save", libraryCache);
            var r = new Round(cold, warm, libraryColdWall.TotalSeconds, double.Parse(libraryCold["featurize_s"]),
                libraryWarmWall.TotalSeconds, double.Parse(libraryWarm["featurize_s"]), stockWall.TotalSeconds, stockSaveWall.TotalSeconds);
            Console.WriteLine($"    round {round} (load {MachineInfo.LoadAverage()}): CLI cold {cold.Wall:0.00} s (featurize {cold.Featurize:0.00} s), " +
                $"warm {warm.Wall:0.00} s (featurize {warm.Featurize:0.000} s); library cold {r.LibraryCold:0.00} s, warm {r.LibraryWarm:0.00} s; " +
                $"stock {r.Stock:0.00} s, stock saving model.zip {r.StockSave:0.00} s");
            rounds.Add(r);
        }

        double Median(Func<Round, double> pick) => Stats.Median(rounds.Select(pick).ToArray());
        var n = $"median of {settings.Rounds}";
        results.Add(section, $"whole process cold: CLI / library / stock ({n})",
            $"{Median(r => r.Cold.Wall):0.00} s / {Median(r => r.LibraryCold):0.00} s / {Median(r => r.Stock):0.00} s");
        results.Add(section, $"whole process warm: CLI / library ({n})", $"{Median(r => r.Warm.Wall):0.00} s / {Median(r => r.LibraryWarm):0.00} s");
        results.Add(section, $"featurizeSeconds cold / warm: CLI (metrics.json) ({n})", $"{Median(r => r.Cold.Featurize):0.00} s / {Median(r => r.Warm.Featurize):0.000} s");
        results.Add(section, $"featurize cold / warm: library ({n})", $"{Median(r => r.LibraryColdFeaturize):0.00} s / {Median(r => r.LibraryWarmFeaturize):0.000} s");
        results.Add(section, $"CLI build model / save, warm ({n})", $"{Median(r => r.Warm.Build):0.00} s / {Median(r => r.Warm.Save):0.00} s");
        var speedUp = Median(r => r.Stock / r.Cold.Wall);
        results.Add(section, "CLI cold train speed-up vs stock (processes)", $"{speedUp:0.00}x", ">= 1.3x", speedUp >= 1.3);
        // Context, no target: the stock program that also writes its model.zip (the CLI writes model.zip, model.onnx,
        // metrics.json and report.html).
        results.Add(section, $"stock saving model.zip, whole process ({n})", $"{Median(r => r.StockSave):0.00} s");
        results.Add(section, "CLI cold vs stock saving model.zip (processes)", $"{Median(r => r.StockSave / r.Cold.Wall):0.00}x");
        var warmShare = Median(r => r.Warm.Featurize / r.Cold.Featurize);
        results.Add(section, "CLI warm featurizeSeconds / cold", $"{warmShare:P1}", "<= 5%", warmShare <= 0.05);
        results.Add(section, "library warm featurize / cold (processes)", $"{Median(r => r.LibraryWarmFeaturize / r.LibraryColdFeaturize):P1}");
    }

    private sealed record CliRun(double Wall, double Featurize, double Build, double Save);

    private sealed record Round(CliRun Cold, CliRun Warm, double LibraryCold, double LibraryColdFeaturize, double LibraryWarm,
        double LibraryWarmFeaturize, double Stock, double StockSave);

    private static CliRun RunCli(string cli, BenchmarkSettings settings, string cache)
    {
        var output = Path.Combine(settings.WorkDirectory, "cli-out");
        // A built CLI is a .dll run by dotnet; an installed tool is its own command.
        var viaDotnet = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(viaDotnet ? "dotnet" : cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (viaDotnet ? new[] { cli } : []).Concat(new[] { "train", "--data", settings.Shared.FlowersTrain, "--backbone", settings.Shared.ModelPath,
                     "--output", output, "--cache-dir", cache }))
            start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start dotnet.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The CLI failed ({process.ExitCode}): {stdout}\n{stderr.Result}");
        var timings = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))).RootElement.GetProperty("timings");
        return new CliRun(wall, timings.GetProperty("featurizeSeconds").GetDouble(), timings.GetProperty("buildModelSeconds").GetDouble(),
            timings.GetProperty("saveSeconds").GetDouble());
    }

    /// <summary>Set to an installed mlnet-transfer (the tool's command) to time it instead of the CLI built here.</summary>
    public const string InstalledCliVariable = "MLNETTRANSFER_BENCH_CLI";

    /// <summary>
    /// The installed tool named by <see cref="InstalledCliVariable"/>, else the CLI built in the same configuration as this
    /// program, found from the repository root.
    /// </summary>
    private static string LocateCli()
    {
        if (Environment.GetEnvironmentVariable(InstalledCliVariable) is { Length: > 0 } installed)
        {
            return File.Exists(installed) ? Path.GetFullPath(installed)
                : throw new FileNotFoundException($"{InstalledCliVariable} names '{installed}', which does not exist.", installed);
        }
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "MLNetTransfer.sln")))
                continue;
            var dll = Path.Combine(dir.FullName, "src", "MLNetTransfer.Cli", "bin", configuration, "net10.0", "MLNetTransfer.Cli.dll");
            return File.Exists(dll) ? dll
                : throw new FileNotFoundException($"The CLI is not built: {dll} is missing. Run 'dotnet build src/MLNetTransfer.Cli -c {configuration}' first.", dll);
        }
        throw new DirectoryNotFoundException("The repository root (MLNetTransfer.sln) is not above this program.");
    }
}
