using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Support;

/// <summary>
/// The tiny backbone, generated colour datasets and one finished train run, made once for the tests that read
/// its outputs. Runs without ../shared.
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    public const int Epochs = 15;

    public TrainedModelFixture()
    {
        Dir = new TempDir("mlnt-cli");
        // 96: a size with a CenterCropPixels contract, the path every common backbone takes.
        (Backbone, _) = TinyBackbone.Write(Dir.Combine("backbone"), size: 96);
        TrainFolder = TestDatasets.ColourClasses(Dir.Combine("data", "train"), perClass: 10, seed: 1);
        ValidationFolder = TestDatasets.ColourClasses(Dir.Combine("data", "val"), perClass: 5, seed: 2);
        CacheDir = Dir.Combine("cache");
        Output = Dir.Combine("out");
        FirstRun = Tool.Run(TrainArgs(Output));
        if (FirstRun.ExitCode != 0)
            throw new InvalidOperationException("The fixture's train run failed: " + FirstRun);
    }

    public TempDir Dir { get; }

    public string Backbone { get; }

    public string TrainFolder { get; }

    public string ValidationFolder { get; }

    public string CacheDir { get; }

    public string Output { get; }

    public CliResult FirstRun { get; }

    public string ModelZip => Path.Combine(Output, "model.zip");

    public string MetricsPath => Path.Combine(Output, "metrics.json");

    /// <summary>Train arguments on the fixture's data, backbone and cache, with early stopping off so every epoch runs.</summary>
    public string[] TrainArgs(string output, params string[] extra) =>
    [
        "train", "--data", TrainFolder, "--validation", ValidationFolder, "--backbone", Backbone, "--output", output,
        "--epochs", Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--early-stopping-patience", "0",
        "--cache-dir", CacheDir, .. extra,
    ];

    public void Dispose() => Dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained model";
}
