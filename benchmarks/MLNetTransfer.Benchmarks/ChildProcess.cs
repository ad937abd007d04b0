using System.Diagnostics;

namespace MLNetTransfer.Benchmarks;

/// <summary>Runs this program again with a child-* command and times the whole process, start to exit.</summary>
internal static class ChildProcess
{
    public const string ResultPrefix = "RESULT ";

    public static (TimeSpan Wall, Dictionary<string, string> Result) Run(BenchmarkSettings settings, params string[] args)
    {
        var program = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program runs.");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var arg in args.Concat(settings.ChildOptions()))
            start.ArgumentList.Add(arg);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var wall = clock.Elapsed;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Child '{string.Join(' ', args)}' failed ({process.ExitCode}): {stdout}\n{stderr.Result}");
        var line = stdout.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Child '{string.Join(' ', args)}' printed no result: {stdout}");
        var result = line[ResultPrefix.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        return (wall, result);
    }

    public static void Report(params (string Key, object Value)[] values) =>
        Console.WriteLine(ResultPrefix + string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")));
}
