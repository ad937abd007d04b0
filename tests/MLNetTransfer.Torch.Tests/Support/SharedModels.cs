using MLNetTransfer.Backbones;

namespace MLNetTransfer.Torch.Tests.Support;

/// <summary>The real backbones in ../shared/models (or $MLNETTRANSFER_SHARED/models).</summary>
public static class SharedModels
{
    public const string SkipReason = "needs ../shared/models beside the repository (real ONNX backbones); not found";

    public static string? Root { get; } = Find();

    public static bool Available => Root is not null;

    public static string MobileNetV1 => Path.Combine(Root!, "models", "mobilenet_v1_0.75_224_keras_imagenet.onnx");

    public static string MobileNetV2Qdq => Path.Combine(Root!, "models", "mobilenet_v2_1.0_224_int8_per_tensor.onnx");

    public static (byte[] Model, BackboneSpec Spec) Load(string onnxPath) =>
        (File.ReadAllBytes(onnxPath), BackboneSpec.Load(BackboneSpec.SidecarPathFor(onnxPath)));

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MLNETTRANSFER_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(Path.Combine(fromEnv, "models")))
            return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLNetTransfer.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(Path.Combine(candidate, "models")) ? candidate : null;
            }
        }

        return null;
    }
}
