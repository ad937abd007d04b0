namespace MLNetTransfer.Tests.Support;

/// <summary>
/// Locates ../shared (real pretrained backbones and photos) beside the repository root.
/// CI always has it; a fresh clone elsewhere may not, and the tests that need it then skip with this reason.
/// </summary>
public static class SharedData
{
    public const string SkipReason =
        "needs ../shared beside the repository (real ONNX backbones in shared/models, photos in shared/datasets); not found";

    /// <summary>The repository root: the folder holding MLNetTransfer.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    // Declared after RepositoryRoot: static initializers run in text order.
    public static string? Root { get; } = Find();

    public static bool Available => Root is not null;

    public static string ModelsDir => Path.Combine(Require(), "models");

    public static string FlowersTrain => Path.Combine(Require(), "datasets", "flowers-dev", "train");

    public static string FlowersVal => Path.Combine(Require(), "datasets", "flowers-dev", "val");

    public static string MobileNetV1 => Path.Combine(ModelsDir, "mobilenet_v1_0.75_224_keras_imagenet.onnx");

    public static string MobileNetV2Int8Zoo => Path.Combine(ModelsDir, "mobilenetv2-12-int8.onnx");

    public static string MobileNetV2Int8Nhwc => Path.Combine(ModelsDir, "mobilenet_v2_1.0_224_int8_per_tensor.onnx");

    private static string Require() => Root ?? throw new InvalidOperationException(SkipReason);

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MLNETTRANSFER_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(Path.Combine(fromEnv, "models")))
            return fromEnv;
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "models")) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNetTransfer.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find MLNetTransfer.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs ../shared: it runs whenever ../shared is there and skips, saying why, when not.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (!SharedData.Available)
            Skip = SharedData.SkipReason;
    }
}

/// <summary>A theory that needs ../shared; see <see cref="SharedFactAttribute"/>.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (!SharedData.Available)
            Skip = SharedData.SkipReason;
    }
}
