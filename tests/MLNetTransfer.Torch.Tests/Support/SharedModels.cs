using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Torch.Tests.Support;

/// <summary>The real backbones in ../shared/models, as the main test project finds them (SharedData).</summary>
public static class SharedModels
{
    public static string SkipReason => SharedData.SkipReason;

    public static bool Available => SharedData.Available;

    public static string MobileNetV1 => SharedData.MobileNetV1;

    public static string MobileNetV2Qdq => SharedData.MobileNetV2Int8Nhwc;

    public static (byte[] Model, BackboneSpec Spec) Load(string onnxPath) =>
        (File.ReadAllBytes(onnxPath), BackboneSpec.Load(BackboneSpec.SidecarPathFor(onnxPath)));
}
