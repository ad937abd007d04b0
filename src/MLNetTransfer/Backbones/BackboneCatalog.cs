namespace MLNetTransfer.Backbones;

/// <summary>
/// The standard pretrained backbones that can be downloaded by name. Every fact below was checked against
/// public sources; the comment on each entry says which.
/// </summary>
/// <remarks>
/// Sizes and hashes of the ONNX model zoo files (github.com/onnx/models) come from the zoo's own
/// ONNX_HUB_MANIFEST.json (model_bytes / model_sha), which also lists each graph's input and, for the
/// classification models, its pooled "features" tensor (extra_ports). The zoo stores the files with Git LFS; the
/// manifest matches the files on the main branch (an older LFS pointer of the resnet v2 files differs by 2 bytes).
/// Since July 2025 the zoo no longer serves its files through Git LFS: the GitHub address answers with the short LFS
/// pointer text instead of the model. The zoo's copy on Hugging Face (onnxmodelzoo/legacy_models) holds the same files
/// under the same paths and answers with a redirect to a storage host that serves them; it is tried first.
/// </remarks>
public static class BackboneCatalog
{
    private const string ZooGitHub = "https://github.com/onnx/models/raw/main/";
    private const string ZooHuggingFace = "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/";

    // ImageNet statistics on 0..1 pixels, as the zoo's resnet and mobilenet READMEs document.
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// ML.NET's own pretrained ResNet18 (MIT), the file behind <c>DnnFeaturizeImage(ResNet18)</c>: it arrives with the
    /// NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, which this library depends on, so it needs no download.
    /// CNTK export, opset 8, batch fixed at 1: input "Input247" [1,3,224,224], features "Pooling395_Output_0"
    /// [1,512,1,1]. ML.NET feeds it RGB planar pixels 0..255 through the package's ResNetPreprocess.onnx, which
    /// reorders them to BGR and subtracts a per-pixel 3x224x224 mean image (no scaling, no std); the spec below does
    /// exactly that, reading the mean image from the same file.
    /// </summary>
    public static CatalogBackbone ResNet18 { get; } = new(
        Name: "resnet18",
        Aliases: ["resnet-18", "mlnet-resnet18"],
        FileName: "ResNet18.onnx",
        Url: new Uri("https://www.nuget.org/packages/Microsoft.ML.DnnImageFeaturizer.ResNet18/0.23.1"),
        SizeBytes: 63_653_533,
        Sha256: "e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f",
        Spec: new BackboneSpec
        {
            Name = "resnet18",
            Input = "Input247",
            Layout = TensorLayout.NCHW,
            ElementType = InputElementType.Float32,
            Height = 224,
            Width = 224,
            ChannelOrder = ChannelOrder.BGR,
            MeanImage = PackagedModels.PathOf("ResNetPrepOnnx/ResNetPreprocess.onnx"),
            Features = "Pooling395_Output_0",
        },
        Description: "ResNet18 (ML.NET's pretrained ImageNet model, embedded: no download), 224x224, 512 features, 61 MiB.")
    {
        PackagedPath = "ResNet18Onnx/ResNet18.onnx",
    };

    /// <summary>
    /// GluonCV ResNet50 v2 (opset 7). Manifest entry "ResNet50-v2": input "data" [N,3,224,224] float,
    /// features "resnetv24_pool1_fwd" [N,2048,1,1] (global average pool).
    /// </summary>
    public static CatalogBackbone ResNet50V2 { get; } = WithZooCopy(new(
        Name: "resnet50-v2",
        Aliases: ["resnet50", "resnet50v2", "resnet50-v2-7", "ResnetV250"],
        FileName: "resnet50-v2-7.onnx",
        Url: new Uri(ZooGitHub + "validated/vision/classification/resnet/model/resnet50-v2-7.onnx"),
        SizeBytes: 102_442_452,
        Sha256: "79102261eb6e5fd7af5d27f41316293e388c5cb691e5d25bfb035c4f64fefe31",
        Spec: ImageNetNchw("resnet50-v2", "data", 224, "resnetv24_pool1_fwd"),
        Description: "ResNet50 v2 (ONNX model zoo, ImageNet), 224x224, 2048 features, 98 MiB."));

    /// <summary>
    /// GluonCV ResNet101 v2 (opset 7). Manifest entry "ResNet101-v2": input "data" [N,3,224,224] float,
    /// features "resnetv25_pool1_fwd" [N,2048,1,1] (global average pool).
    /// </summary>
    public static CatalogBackbone ResNet101V2 { get; } = WithZooCopy(new(
        Name: "resnet101-v2",
        Aliases: ["resnet101", "resnet101v2", "resnet101-v2-7", "ResnetV2101"],
        FileName: "resnet101-v2-7.onnx",
        Url: new Uri(ZooGitHub + "validated/vision/classification/resnet/model/resnet101-v2-7.onnx"),
        SizeBytes: 178_682_301,
        Sha256: "3a0a819ea0953fb4700b0d98e43540aeee253e5b4c503c552b0c7979fc67767d",
        Spec: ImageNetNchw("resnet101-v2", "data", 224, "resnetv25_pool1_fwd"),
        Description: "ResNet101 v2 (ONNX model zoo, ImageNet), 224x224, 2048 features, 170 MiB."));

    /// <summary>
    /// GluonCV MobileNetV2 1.0 (opset 7). Manifest entry "MobileNet v2-7": input "data" [1,3,224,224] float.
    /// The manifest lists no features tensor for this file; "mobilenetv20_features_pool0_fwd" [N,1280,1,1] (the
    /// global average pool before the 1x1 conv classifier) is the name public code uses with this exact file
    /// (same SHA-256), and it matches the GluonCV naming of the neighbouring resnet entries.
    /// </summary>
    public static CatalogBackbone MobileNetV2 { get; } = WithZooCopy(new(
        Name: "mobilenet-v2",
        Aliases: ["mobilenetv2", "mobilenet_v2", "mobilenetv2-7"],
        FileName: "mobilenetv2-7.onnx",
        Url: new Uri(ZooGitHub + "validated/vision/classification/mobilenet/model/mobilenetv2-7.onnx"),
        SizeBytes: 14_246_826,
        Sha256: "c1c513582d56afceff8516c73804e484c81c6a830712ab6d682253f4a3cd042f",
        Spec: ImageNetNchw("mobilenet-v2", "data", 224, "mobilenetv20_features_pool0_fwd"),
        Description: "MobileNetV2 1.0 (ONNX model zoo, ImageNet), 224x224, 1280 features, 14 MiB."));

    /// <summary>
    /// The zoo's classic folders hold Inception v1 and v2 only; its Computer_Vision folder holds timm's
    /// inception_v3 exported by turnkeyml with opset 17. Size and hash: the LFS pointer of that file. Input "x"
    /// [1,3,299,299]: the folder's turnkey_stats.yaml. Preprocessing: timm's inception_v3 default config (299,
    /// mean = std = 0.5 on 0..1 pixels). Features: timm ends the net with global_pool (pool then flatten), whose
    /// flatten output a PyTorch 2.x export names "/global_pool/flatten/Flatten_output_0" [N,2048]; the stats file
    /// confirms one GlobalAveragePool and one Flatten, but the tensor name itself is inferred from that naming rule.
    /// No ImageNet-pretrained Inception v3 ONNX file with a pinned size and hash at a host that serves it was found, so
    /// this entry stays, marked as not known to be pretrained.
    /// </summary>
    public static CatalogBackbone InceptionV3 { get; } = WithZooCopy(new(
        Name: "inception-v3",
        Aliases: ["inceptionv3", "inception_v3", "inception_v3_opset17"],
        FileName: "inception_v3_Opset17.onnx",
        Url: new Uri(ZooGitHub + "Computer_Vision/inception_v3_Opset17_timm/inception_v3_Opset17.onnx"),
        SizeBytes: 95_317_116,
        Sha256: "d714dcf66d2a2819681b7e1900deab67d5a4be0725014390bd044d1fea746b1c",
        Spec: new BackboneSpec
        {
            Name = "inception-v3",
            Input = "x",
            Layout = TensorLayout.NCHW,
            ElementType = InputElementType.Float32,
            Height = 299,
            Width = 299,
            ChannelOrder = ChannelOrder.RGB,
            Scale = 1f / 255f,
            Mean = [0.5f, 0.5f, 0.5f],
            Std = [0.5f, 0.5f, 0.5f],
            Features = "/global_pool/flatten/Flatten_output_0",
        },
        Description: "Inception v3 (timm, ONNX model zoo Computer_Vision), 299x299, 2048 features, 91 MiB.")
    {
        UnverifiedWeightsReason = "exported by the ONNX model zoo's turnkey script, whose 'pretrained' flag is off by " +
            "default, and never accuracy-checked by the zoo (only its validated/ models were): the weights may be random.",
    });

    public static IReadOnlyList<CatalogBackbone> All { get; } = [ResNet18, ResNet50V2, ResNet101V2, MobileNetV2, InceptionV3];

    // Microsoft.ML.Vision's ImageClassificationTrainer.Architecture names, so its users can switch by name.
    private static readonly Dictionary<string, CatalogBackbone> ByArchitecture = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ResNet18"] = ResNet18,
        ["ResnetV250"] = ResNet50V2,
        ["ResnetV2101"] = ResNet101V2,
        ["MobilenetV2"] = MobileNetV2,
        ["InceptionV3"] = InceptionV3,
    };

    /// <summary>The entry whose name or alias is <paramref name="nameOrAlias"/> (case-insensitive), or null.</summary>
    public static CatalogBackbone? Find(string nameOrAlias)
    {
        ArgumentNullException.ThrowIfNull(nameOrAlias);
        var wanted = nameOrAlias.Trim();
        return All.FirstOrDefault(b => b.AllNames.Any(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Like <see cref="Find"/>, but an unknown name throws, listing the known names.</summary>
    public static CatalogBackbone Get(string nameOrAlias) =>
        Find(nameOrAlias) ?? throw new ArgumentException(
            $"Unknown backbone '{nameOrAlias}'. Known backbones: {KnownNames()}.", nameof(nameOrAlias));

    /// <summary>The Architecture names that have an entry.</summary>
    internal static IEnumerable<string> ArchitectureNames => ByArchitecture.Keys;

    /// <summary>The entry for an Architecture name (case-insensitive), or null.</summary>
    internal static CatalogBackbone? FindArchitecture(string architectureName) => ByArchitecture.GetValueOrDefault(architectureName.Trim());

    /// <summary>The entry for an Architecture name: Microsoft.ML.Vision's (ResnetV250, ResnetV2101, MobilenetV2, InceptionV3) or ResNet18.</summary>
    public static CatalogBackbone ForArchitecture(string architectureName)
    {
        ArgumentNullException.ThrowIfNull(architectureName);
        return ByArchitecture.TryGetValue(architectureName.Trim(), out var backbone)
            ? backbone
            : throw new ArgumentException(
                $"Unknown Microsoft.ML.Vision architecture '{architectureName}'. Known: {string.Join(", ", ByArchitecture.Keys)}.",
                nameof(architectureName));
    }

    /// <summary>Adds the zoo's Hugging Face copy, which keeps the zoo's own path, ahead of the GitHub address.</summary>
    private static CatalogBackbone WithZooCopy(CatalogBackbone entry)
    {
        var address = entry.Url.AbsoluteUri;
        if (!address.StartsWith(ZooGitHub, StringComparison.Ordinal))
            throw new InvalidOperationException($"{entry.Name}: {address} is not a file of the ONNX model zoo.");
        return entry with { Copies = [new Uri(ZooHuggingFace + address[ZooGitHub.Length..])] };
    }

    private static string KnownNames() =>
        string.Join("; ", All.Select(b => $"{b.Name} ({string.Join(", ", b.Aliases)})"));

    private static BackboneSpec ImageNetNchw(string name, string input, int size, string features) => new()
    {
        Name = name,
        Input = input,
        Layout = TensorLayout.NCHW,
        ElementType = InputElementType.Float32,
        Height = size,
        Width = size,
        ChannelOrder = ChannelOrder.RGB,
        Scale = 1f / 255f,
        // Copies: a spec's arrays are mutable and must not be shared between entries.
        Mean = [.. ImageNetMean],
        Std = [.. ImageNetStd],
        Features = features,
    };
}
