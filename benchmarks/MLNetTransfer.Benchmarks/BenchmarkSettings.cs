namespace MLNetTransfer.Benchmarks;

/// <summary>The command line, parsed.</summary>
internal sealed record BenchmarkSettings(string Command, SharedData Shared, int Images, int LargeCount, int MemoryN, int Rounds,
    string WorkDirectory, IReadOnlyList<string> Arguments)
{
    private static readonly string[] Commands = ["all", "featurize", "large", "train", "predict", "memory", "resnet18", "cli", "int8", "views", "concat", "child-train", "child-memory", "stages", "sweep"];

    public static BenchmarkSettings Parse(string[] args)
    {
        string command = "all";
        string? shared = null, work = null;
        int images = int.MaxValue, large = 48, memoryN = 200, rounds = 3;
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Count() => int.TryParse(Value(), out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive number.");
            switch (args[i])
            {
                case "--shared": shared = Value(); break;
                case "--images": images = Count(); break;
                case "--large": large = Count(); break;
                case "--memory-n": memoryN = Count(); break;
                case "--rounds": rounds = Count(); break;
                case "--work": work = Value(); break;
                case "-h" or "--help": throw new ArgumentException("MLNetTransfer benchmarks.");
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                        throw new ArgumentException($"Unknown option {args[i]}.");
                    positional.Add(args[i]);
                    break;
            }
        }
        if (positional.Count > 0)
        {
            command = positional[0];
            if (!Commands.Contains(command))
                throw new ArgumentException($"Unknown section '{command}'.");
        }
        work ??= Path.Combine(Path.GetTempPath(), "mlnettransfer-bench");
        return new BenchmarkSettings(command, new SharedData(shared ?? DefaultSharedDirectory()), images, large, memoryN, rounds,
            Path.GetFullPath(work), positional.Skip(1).ToArray());
    }

    /// <summary>The arguments a child process needs to find the same data.</summary>
    public IEnumerable<string> ChildOptions() => ["--shared", Shared.Root, "--work", WorkDirectory];

    /// <summary>../shared relative to the repository root, found by walking up from here and from the program.</summary>
    private static string DefaultSharedDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MLNetTransfer.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }
        return Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), "..", "shared"));
    }
}

/// <summary>The shared backbone and photos, read in place, never copied.</summary>
internal sealed class SharedData(string root)
{
    public const string ModelFile = "mobilenet_v1_0.75_224_keras_imagenet.onnx";

    public string Root { get; } = Path.GetFullPath(root);

    public string ModelPath => Path.Combine(Root, "models", ModelFile);

    public string SpecPath => Path.ChangeExtension(ModelPath, ".json");

    public string FlowersTrain => Path.Combine(Root, "datasets", "flowers-dev", "train");

    public string FlowersVal => Path.Combine(Root, "datasets", "flowers-dev", "val");

    public bool Exists(out string missing)
    {
        foreach (var file in new[] { ModelPath, SpecPath })
        {
            if (!File.Exists(file)) { missing = file; return false; }
        }
        foreach (var dir in new[] { FlowersTrain, FlowersVal })
        {
            if (!Directory.Exists(dir)) { missing = dir; return false; }
        }
        missing = "";
        return true;
    }

    /// <summary>Every photo of train then val, in a fixed order.</summary>
    public IReadOnlyList<string> AllImages() => [.. Photos(FlowersTrain), .. Photos(FlowersVal)];

    public static IEnumerable<string> Photos(string folder) =>
        Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}

/// <summary>What one section leaves for a later one (the trained model for the predict section).</summary>
internal sealed class SharedState
{
    public string? ModelZip { get; set; }

    public byte[]? ClassifierOnnx { get; set; }

    /// <summary>The same classifier exported as model.onnx + model.json.</summary>
    public string? ExportedOnnx { get; set; }
}
