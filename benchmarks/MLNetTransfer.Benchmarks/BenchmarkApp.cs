using System.Diagnostics;
using System.Globalization;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Entry point: parses the command line, checks the shared models and photos, runs the chosen sections and prints
/// every figure next to its target. The child-* commands are the same program re-invoked to time whole processes.
/// </summary>
internal static class BenchmarkApp
{
    private const string Usage =
        "usage: MLNetTransfer.Benchmarks [all|featurize|large|train|predict|memory|resnet18|cli|int8|views|concat] [--shared DIR] [--images N]\n" +
        "         [--large N] [--memory-n N] [--rounds N] [--work DIR]\n" +
        "  --shared DIR   folder holding models/ and datasets/flowers-dev (default: ../shared from the repository root)\n" +
        "  --images N     flowers-dev images featurized in the featurize section (default: all 800)\n" +
        "  --large N      12-megapixel JPEGs generated for the large section (default: 48)\n" +
        "  --memory-n N   N of the memory section, which featurizes N and 10N images (default: 200)\n" +
        "  --rounds N     ours and stock run alternately N times; the median is reported (default: 3)\n" +
        "  --work DIR     scratch folder for generated photos, caches and models (default: a folder under the temp folder)";

    public static int Run(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        BenchmarkSettings settings;
        try
        {
            settings = BenchmarkSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!settings.Shared.Exists(out var missing))
        {
            Console.Error.WriteLine($"The shared models and photos are not there: {missing} is missing.");
            Console.Error.WriteLine("Pass --shared DIR naming the folder that holds models/mobilenet_v1_0.75_224_keras_imagenet.onnx " +
                "(with its .json) and datasets/flowers-dev/{train,val}.");
            return 3;
        }

        Directory.CreateDirectory(settings.WorkDirectory);
        switch (settings.Command)
        {
            case "child-train":
                return TrainBenchmark.Child(settings);
            case "child-memory":
                return MemoryBenchmark.Child(settings);
        }

        var results = new Results();
        var machine = MachineInfo.Describe();
        Console.WriteLine(machine);
        var loadBefore = MachineInfo.LoadAverage();
        Console.WriteLine($"load average before: {loadBefore}");
        Console.WriteLine($"images: {settings.Shared.AllImages().Count} flowers-dev photos under {settings.Shared.Root}");
        var clock = Stopwatch.StartNew();

        var all = settings.Command == "all";
        var state = new SharedState();
        if (settings.Command == "sweep")
            LayoutSweep.Run(settings, results);
        if (settings.Command == "stages")
            StageProfile.Run(settings, results);
        if (all || settings.Command == "featurize")
            FeaturizeBenchmark.Run(settings, results);
        if (all || settings.Command == "large")
            LargePhotoBenchmark.Run(settings, results);
        if (all || settings.Command == "train")
            TrainBenchmark.Run(settings, results, state);
        if (all || settings.Command == "predict")
            PredictBenchmark.Run(settings, results, state);
        if (all || settings.Command == "memory")
            MemoryBenchmark.Run(settings, results);
        if (all || settings.Command == "resnet18")
            ResNet18Benchmark.Run(settings, results);
        if (all || settings.Command == "cli")
            CliBenchmark.Run(settings, results);
        if (all || settings.Command == "int8")
            Int8Benchmark.Run(settings, results);
        if (all || settings.Command == "views")
            ViewsBenchmark.Run(settings, results);
        if (all || settings.Command == "concat")
            ConcatBenchmark.Run(settings, results);

        var loadAfter = MachineInfo.LoadAverage();
        Console.WriteLine();
        Console.WriteLine(machine);
        Console.WriteLine($"load average before: {loadBefore}; after: {loadAfter}; run took {clock.Elapsed.TotalSeconds:0} s");
        Console.WriteLine();
        results.Print(Console.Out);
        return 0;
    }
}
