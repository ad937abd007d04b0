using Microsoft.ML.Transforms;

namespace MLNetTransfer.Preprocessing;

// One factory per contract name: ML.NET finds a saved custom mapping by its name alone, so each supported input
// size (DecodeImageMapping.SupportedCropSizes) needs its own class, for file paths and for encoded bytes.

public abstract class DecodeImageFileCenterCrop(int size) : CustomMappingFactory<ImagePathRow, DecodedImageRow>
{
    public override Action<ImagePathRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromPathCenterCrop(size);
}

public abstract class DecodeImageBytesCenterCrop(int size) : CustomMappingFactory<EncodedImageRow, DecodedImageRow>
{
    public override Action<EncodedImageRow, DecodedImageRow> GetMapping() => DecodeImageMapping.FromBytesCenterCrop(size);
}

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop96")]
public sealed class DecodeImageFileCenterCrop96() : DecodeImageFileCenterCrop(96);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop96")]
public sealed class DecodeImageBytesCenterCrop96() : DecodeImageBytesCenterCrop(96);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop128")]
public sealed class DecodeImageFileCenterCrop128() : DecodeImageFileCenterCrop(128);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop128")]
public sealed class DecodeImageBytesCenterCrop128() : DecodeImageBytesCenterCrop(128);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop160")]
public sealed class DecodeImageFileCenterCrop160() : DecodeImageFileCenterCrop(160);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop160")]
public sealed class DecodeImageBytesCenterCrop160() : DecodeImageBytesCenterCrop(160);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop192")]
public sealed class DecodeImageFileCenterCrop192() : DecodeImageFileCenterCrop(192);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop192")]
public sealed class DecodeImageBytesCenterCrop192() : DecodeImageBytesCenterCrop(192);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop224")]
public sealed class DecodeImageFileCenterCrop224() : DecodeImageFileCenterCrop(224);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop224")]
public sealed class DecodeImageBytesCenterCrop224() : DecodeImageBytesCenterCrop(224);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop240")]
public sealed class DecodeImageFileCenterCrop240() : DecodeImageFileCenterCrop(240);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop240")]
public sealed class DecodeImageBytesCenterCrop240() : DecodeImageBytesCenterCrop(240);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop256")]
public sealed class DecodeImageFileCenterCrop256() : DecodeImageFileCenterCrop(256);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop256")]
public sealed class DecodeImageBytesCenterCrop256() : DecodeImageBytesCenterCrop(256);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop260")]
public sealed class DecodeImageFileCenterCrop260() : DecodeImageFileCenterCrop(260);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop260")]
public sealed class DecodeImageBytesCenterCrop260() : DecodeImageBytesCenterCrop(260);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop288")]
public sealed class DecodeImageFileCenterCrop288() : DecodeImageFileCenterCrop(288);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop288")]
public sealed class DecodeImageBytesCenterCrop288() : DecodeImageBytesCenterCrop(288);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop299")]
public sealed class DecodeImageFileCenterCrop299() : DecodeImageFileCenterCrop(299);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop299")]
public sealed class DecodeImageBytesCenterCrop299() : DecodeImageBytesCenterCrop(299);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop300")]
public sealed class DecodeImageFileCenterCrop300() : DecodeImageFileCenterCrop(300);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop300")]
public sealed class DecodeImageBytesCenterCrop300() : DecodeImageBytesCenterCrop(300);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop320")]
public sealed class DecodeImageFileCenterCrop320() : DecodeImageFileCenterCrop(320);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop320")]
public sealed class DecodeImageBytesCenterCrop320() : DecodeImageBytesCenterCrop(320);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop331")]
public sealed class DecodeImageFileCenterCrop331() : DecodeImageFileCenterCrop(331);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop331")]
public sealed class DecodeImageBytesCenterCrop331() : DecodeImageBytesCenterCrop(331);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop380")]
public sealed class DecodeImageFileCenterCrop380() : DecodeImageFileCenterCrop(380);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop380")]
public sealed class DecodeImageBytesCenterCrop380() : DecodeImageBytesCenterCrop(380);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop384")]
public sealed class DecodeImageFileCenterCrop384() : DecodeImageFileCenterCrop(384);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop384")]
public sealed class DecodeImageBytesCenterCrop384() : DecodeImageBytesCenterCrop(384);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop448")]
public sealed class DecodeImageFileCenterCrop448() : DecodeImageFileCenterCrop(448);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop448")]
public sealed class DecodeImageBytesCenterCrop448() : DecodeImageBytesCenterCrop(448);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop456")]
public sealed class DecodeImageFileCenterCrop456() : DecodeImageFileCenterCrop(456);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop456")]
public sealed class DecodeImageBytesCenterCrop456() : DecodeImageBytesCenterCrop(456);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop480")]
public sealed class DecodeImageFileCenterCrop480() : DecodeImageFileCenterCrop(480);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop480")]
public sealed class DecodeImageBytesCenterCrop480() : DecodeImageBytesCenterCrop(480);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop512")]
public sealed class DecodeImageFileCenterCrop512() : DecodeImageFileCenterCrop(512);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop512")]
public sealed class DecodeImageBytesCenterCrop512() : DecodeImageBytesCenterCrop(512);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop528")]
public sealed class DecodeImageFileCenterCrop528() : DecodeImageFileCenterCrop(528);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop528")]
public sealed class DecodeImageBytesCenterCrop528() : DecodeImageBytesCenterCrop(528);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageFile.CenterCrop600")]
public sealed class DecodeImageFileCenterCrop600() : DecodeImageFileCenterCrop(600);

[CustomMappingFactoryAttribute("MLNetTransfer.DecodeImageBytes.CenterCrop600")]
public sealed class DecodeImageBytesCenterCrop600() : DecodeImageBytesCenterCrop(600);
