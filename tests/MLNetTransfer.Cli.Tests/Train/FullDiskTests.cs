using System.Diagnostics;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>A real full disk: an 8 KB tmpfs mounted for the test (needs root, as CI has; skips elsewhere, saying why).</summary>
[Collection(TrainedModelCollection.Name)]
public class FullDiskTests(TrainedModelFixture fixture)
{
    [FullDiskFact]
    public void A_full_output_disk_exits_2_naming_the_file_and_keeps_the_previous_model()
    {
        using var disk = new TinyDisk();
        File.WriteAllText(Path.Combine(disk.Path, "model.zip"), "the previous model");

        var run = Tool.Run(fixture.TrainArgs(disk.Path));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(disk.Path).And.Contain("No space left on device");
        File.ReadAllText(Path.Combine(disk.Path, "model.zip")).Should().Be("the previous model");
        Directory.GetFiles(disk.Path, "*.tmp").Should().BeEmpty("a failed write leaves no temporary file behind");
    }

    [FullDiskFact]
    public void A_full_cache_disk_is_a_warning_and_training_goes_on()
    {
        using var disk = new TinyDisk();
        using var dir = new TempDir("mlnt-cli-fullcache");
        var output = dir.Combine("out");
        var args = fixture.TrainArgs(output).Select(a => a == fixture.CacheDir ? disk.Path : a).ToArray();

        var run = Tool.Run(args);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stderr.Should().Contain("Bottleneck cache").And.Contain("No space left on device");
        File.Exists(Path.Combine(output, "model.zip")).Should().BeTrue();
        Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("warnings").EnumerateArray()
            .Should().Contain(w => w.GetString()!.Contains("Bottleneck cache"));
    }

    /// <summary>An 8 KB tmpfs (two pages): smaller than any model file, unmounted on dispose.</summary>
    private sealed class TinyDisk : IDisposable
    {
        public TinyDisk()
        {
            Path = Directory.CreateTempSubdirectory("mlnt-fulldisk-").FullName;
            if (!TryMount(Path))
                throw new InvalidOperationException("mount failed although the probe succeeded");
        }

        public string Path { get; }

        public void Dispose()
        {
            Run("umount", Path);
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }

    internal static bool TryMount(string path) => Run("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", path);

    private static bool Run(string command, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            process.WaitForExit(120_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>Runs where a tmpfs can be mounted (root on Linux, as in CI); elsewhere skips and says why.</summary>
public sealed class FullDiskFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> CanMount = new(() =>
    {
        if (!OperatingSystem.IsLinux())
            return false;
        var probe = Directory.CreateTempSubdirectory("mlnt-mount-probe-").FullName;
        var mounted = FullDiskTests.TryMount(probe);
        if (mounted)
            Process.Start("umount", probe)!.WaitForExit(120_000);
        Directory.Delete(probe);
        return mounted;
    });

    public FullDiskFactAttribute()
    {
        if (!CanMount.Value)
            Skip = "needs to mount a tiny tmpfs to fill a real disk (root on Linux, as CI runs); not possible here";
    }
}
