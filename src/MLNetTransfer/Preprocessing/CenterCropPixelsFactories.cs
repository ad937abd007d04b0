using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNetTransfer.Preprocessing;

// The per-size types of CenterCropPixelsMapping. ML.NET finds a saved custom mapping's factory by its contract name
// alone and takes the output vector's size from the row type's attribute, so every supported size needs its own row
// type and two factories (file paths, encoded bytes). Add a size by adding its three types and its two dispatch lines.

internal static class CenterCropPixelsFactories
{
    public static readonly HashSet<int> Sizes = [96, 128, 160, 192, 224, 240, 256, 260, 288, 299, 300, 320, 331, 380, 384, 448, 456, 480, 512, 528, 600];

    public static IEstimator<ITransformer> ForPath(MLContext ml, int size) => size switch
    {
        96 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels96>(96), CenterCropPixelsMapping.ContractName(true, 96)),
        128 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels128>(128), CenterCropPixelsMapping.ContractName(true, 128)),
        160 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels160>(160), CenterCropPixelsMapping.ContractName(true, 160)),
        192 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels192>(192), CenterCropPixelsMapping.ContractName(true, 192)),
        224 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels224>(224), CenterCropPixelsMapping.ContractName(true, 224)),
        240 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels240>(240), CenterCropPixelsMapping.ContractName(true, 240)),
        256 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels256>(256), CenterCropPixelsMapping.ContractName(true, 256)),
        260 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels260>(260), CenterCropPixelsMapping.ContractName(true, 260)),
        288 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels288>(288), CenterCropPixelsMapping.ContractName(true, 288)),
        299 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels299>(299), CenterCropPixelsMapping.ContractName(true, 299)),
        300 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels300>(300), CenterCropPixelsMapping.ContractName(true, 300)),
        320 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels320>(320), CenterCropPixelsMapping.ContractName(true, 320)),
        331 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels331>(331), CenterCropPixelsMapping.ContractName(true, 331)),
        380 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels380>(380), CenterCropPixelsMapping.ContractName(true, 380)),
        384 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels384>(384), CenterCropPixelsMapping.ContractName(true, 384)),
        448 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels448>(448), CenterCropPixelsMapping.ContractName(true, 448)),
        456 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels456>(456), CenterCropPixelsMapping.ContractName(true, 456)),
        480 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels480>(480), CenterCropPixelsMapping.ContractName(true, 480)),
        512 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels512>(512), CenterCropPixelsMapping.ContractName(true, 512)),
        528 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels528>(528), CenterCropPixelsMapping.ContractName(true, 528)),
        600 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromPath<CenterCropPixels600>(600), CenterCropPixelsMapping.ContractName(true, 600)),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "No CenterCropPixels contract for this size."),
    };

    public static IEstimator<ITransformer> ForBytes(MLContext ml, int size) => size switch
    {
        96 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels96>(96), CenterCropPixelsMapping.ContractName(false, 96)),
        128 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels128>(128), CenterCropPixelsMapping.ContractName(false, 128)),
        160 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels160>(160), CenterCropPixelsMapping.ContractName(false, 160)),
        192 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels192>(192), CenterCropPixelsMapping.ContractName(false, 192)),
        224 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels224>(224), CenterCropPixelsMapping.ContractName(false, 224)),
        240 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels240>(240), CenterCropPixelsMapping.ContractName(false, 240)),
        256 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels256>(256), CenterCropPixelsMapping.ContractName(false, 256)),
        260 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels260>(260), CenterCropPixelsMapping.ContractName(false, 260)),
        288 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels288>(288), CenterCropPixelsMapping.ContractName(false, 288)),
        299 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels299>(299), CenterCropPixelsMapping.ContractName(false, 299)),
        300 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels300>(300), CenterCropPixelsMapping.ContractName(false, 300)),
        320 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels320>(320), CenterCropPixelsMapping.ContractName(false, 320)),
        331 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels331>(331), CenterCropPixelsMapping.ContractName(false, 331)),
        380 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels380>(380), CenterCropPixelsMapping.ContractName(false, 380)),
        384 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels384>(384), CenterCropPixelsMapping.ContractName(false, 384)),
        448 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels448>(448), CenterCropPixelsMapping.ContractName(false, 448)),
        456 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels456>(456), CenterCropPixelsMapping.ContractName(false, 456)),
        480 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels480>(480), CenterCropPixelsMapping.ContractName(false, 480)),
        512 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels512>(512), CenterCropPixelsMapping.ContractName(false, 512)),
        528 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels528>(528), CenterCropPixelsMapping.ContractName(false, 528)),
        600 => ml.Transforms.CustomMapping(CenterCropPixelsMapping.FromBytes<CenterCropPixels600>(600), CenterCropPixelsMapping.ContractName(false, 600)),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "No CenterCropPixels contract for this size."),
    };
}

public sealed class CenterCropPixels96 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 96, 96)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop96")]
public sealed class ImageFileToPixelsCenterCrop96 : CustomMappingFactory<ImagePathRow, CenterCropPixels96>
{
    public override Action<ImagePathRow, CenterCropPixels96> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels96>(96);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop96")]
public sealed class ImageBytesToPixelsCenterCrop96 : CustomMappingFactory<EncodedImageRow, CenterCropPixels96>
{
    public override Action<EncodedImageRow, CenterCropPixels96> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels96>(96);
}

public sealed class CenterCropPixels128 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 128, 128)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop128")]
public sealed class ImageFileToPixelsCenterCrop128 : CustomMappingFactory<ImagePathRow, CenterCropPixels128>
{
    public override Action<ImagePathRow, CenterCropPixels128> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels128>(128);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop128")]
public sealed class ImageBytesToPixelsCenterCrop128 : CustomMappingFactory<EncodedImageRow, CenterCropPixels128>
{
    public override Action<EncodedImageRow, CenterCropPixels128> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels128>(128);
}

public sealed class CenterCropPixels160 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 160, 160)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop160")]
public sealed class ImageFileToPixelsCenterCrop160 : CustomMappingFactory<ImagePathRow, CenterCropPixels160>
{
    public override Action<ImagePathRow, CenterCropPixels160> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels160>(160);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop160")]
public sealed class ImageBytesToPixelsCenterCrop160 : CustomMappingFactory<EncodedImageRow, CenterCropPixels160>
{
    public override Action<EncodedImageRow, CenterCropPixels160> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels160>(160);
}

public sealed class CenterCropPixels192 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 192, 192)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop192")]
public sealed class ImageFileToPixelsCenterCrop192 : CustomMappingFactory<ImagePathRow, CenterCropPixels192>
{
    public override Action<ImagePathRow, CenterCropPixels192> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels192>(192);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop192")]
public sealed class ImageBytesToPixelsCenterCrop192 : CustomMappingFactory<EncodedImageRow, CenterCropPixels192>
{
    public override Action<EncodedImageRow, CenterCropPixels192> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels192>(192);
}

public sealed class CenterCropPixels224 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 224, 224)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop224")]
public sealed class ImageFileToPixelsCenterCrop224 : CustomMappingFactory<ImagePathRow, CenterCropPixels224>
{
    public override Action<ImagePathRow, CenterCropPixels224> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels224>(224);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop224")]
public sealed class ImageBytesToPixelsCenterCrop224 : CustomMappingFactory<EncodedImageRow, CenterCropPixels224>
{
    public override Action<EncodedImageRow, CenterCropPixels224> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels224>(224);
}

public sealed class CenterCropPixels240 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 240, 240)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop240")]
public sealed class ImageFileToPixelsCenterCrop240 : CustomMappingFactory<ImagePathRow, CenterCropPixels240>
{
    public override Action<ImagePathRow, CenterCropPixels240> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels240>(240);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop240")]
public sealed class ImageBytesToPixelsCenterCrop240 : CustomMappingFactory<EncodedImageRow, CenterCropPixels240>
{
    public override Action<EncodedImageRow, CenterCropPixels240> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels240>(240);
}

public sealed class CenterCropPixels256 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 256, 256)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop256")]
public sealed class ImageFileToPixelsCenterCrop256 : CustomMappingFactory<ImagePathRow, CenterCropPixels256>
{
    public override Action<ImagePathRow, CenterCropPixels256> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels256>(256);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop256")]
public sealed class ImageBytesToPixelsCenterCrop256 : CustomMappingFactory<EncodedImageRow, CenterCropPixels256>
{
    public override Action<EncodedImageRow, CenterCropPixels256> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels256>(256);
}

public sealed class CenterCropPixels260 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 260, 260)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop260")]
public sealed class ImageFileToPixelsCenterCrop260 : CustomMappingFactory<ImagePathRow, CenterCropPixels260>
{
    public override Action<ImagePathRow, CenterCropPixels260> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels260>(260);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop260")]
public sealed class ImageBytesToPixelsCenterCrop260 : CustomMappingFactory<EncodedImageRow, CenterCropPixels260>
{
    public override Action<EncodedImageRow, CenterCropPixels260> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels260>(260);
}

public sealed class CenterCropPixels288 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 288, 288)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop288")]
public sealed class ImageFileToPixelsCenterCrop288 : CustomMappingFactory<ImagePathRow, CenterCropPixels288>
{
    public override Action<ImagePathRow, CenterCropPixels288> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels288>(288);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop288")]
public sealed class ImageBytesToPixelsCenterCrop288 : CustomMappingFactory<EncodedImageRow, CenterCropPixels288>
{
    public override Action<EncodedImageRow, CenterCropPixels288> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels288>(288);
}

public sealed class CenterCropPixels299 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 299, 299)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop299")]
public sealed class ImageFileToPixelsCenterCrop299 : CustomMappingFactory<ImagePathRow, CenterCropPixels299>
{
    public override Action<ImagePathRow, CenterCropPixels299> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels299>(299);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop299")]
public sealed class ImageBytesToPixelsCenterCrop299 : CustomMappingFactory<EncodedImageRow, CenterCropPixels299>
{
    public override Action<EncodedImageRow, CenterCropPixels299> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels299>(299);
}

public sealed class CenterCropPixels300 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 300, 300)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop300")]
public sealed class ImageFileToPixelsCenterCrop300 : CustomMappingFactory<ImagePathRow, CenterCropPixels300>
{
    public override Action<ImagePathRow, CenterCropPixels300> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels300>(300);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop300")]
public sealed class ImageBytesToPixelsCenterCrop300 : CustomMappingFactory<EncodedImageRow, CenterCropPixels300>
{
    public override Action<EncodedImageRow, CenterCropPixels300> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels300>(300);
}

public sealed class CenterCropPixels320 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 320, 320)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop320")]
public sealed class ImageFileToPixelsCenterCrop320 : CustomMappingFactory<ImagePathRow, CenterCropPixels320>
{
    public override Action<ImagePathRow, CenterCropPixels320> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels320>(320);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop320")]
public sealed class ImageBytesToPixelsCenterCrop320 : CustomMappingFactory<EncodedImageRow, CenterCropPixels320>
{
    public override Action<EncodedImageRow, CenterCropPixels320> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels320>(320);
}

public sealed class CenterCropPixels331 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 331, 331)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop331")]
public sealed class ImageFileToPixelsCenterCrop331 : CustomMappingFactory<ImagePathRow, CenterCropPixels331>
{
    public override Action<ImagePathRow, CenterCropPixels331> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels331>(331);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop331")]
public sealed class ImageBytesToPixelsCenterCrop331 : CustomMappingFactory<EncodedImageRow, CenterCropPixels331>
{
    public override Action<EncodedImageRow, CenterCropPixels331> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels331>(331);
}

public sealed class CenterCropPixels380 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 380, 380)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop380")]
public sealed class ImageFileToPixelsCenterCrop380 : CustomMappingFactory<ImagePathRow, CenterCropPixels380>
{
    public override Action<ImagePathRow, CenterCropPixels380> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels380>(380);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop380")]
public sealed class ImageBytesToPixelsCenterCrop380 : CustomMappingFactory<EncodedImageRow, CenterCropPixels380>
{
    public override Action<EncodedImageRow, CenterCropPixels380> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels380>(380);
}

public sealed class CenterCropPixels384 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 384, 384)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop384")]
public sealed class ImageFileToPixelsCenterCrop384 : CustomMappingFactory<ImagePathRow, CenterCropPixels384>
{
    public override Action<ImagePathRow, CenterCropPixels384> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels384>(384);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop384")]
public sealed class ImageBytesToPixelsCenterCrop384 : CustomMappingFactory<EncodedImageRow, CenterCropPixels384>
{
    public override Action<EncodedImageRow, CenterCropPixels384> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels384>(384);
}

public sealed class CenterCropPixels448 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 448, 448)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop448")]
public sealed class ImageFileToPixelsCenterCrop448 : CustomMappingFactory<ImagePathRow, CenterCropPixels448>
{
    public override Action<ImagePathRow, CenterCropPixels448> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels448>(448);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop448")]
public sealed class ImageBytesToPixelsCenterCrop448 : CustomMappingFactory<EncodedImageRow, CenterCropPixels448>
{
    public override Action<EncodedImageRow, CenterCropPixels448> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels448>(448);
}

public sealed class CenterCropPixels456 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 456, 456)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop456")]
public sealed class ImageFileToPixelsCenterCrop456 : CustomMappingFactory<ImagePathRow, CenterCropPixels456>
{
    public override Action<ImagePathRow, CenterCropPixels456> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels456>(456);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop456")]
public sealed class ImageBytesToPixelsCenterCrop456 : CustomMappingFactory<EncodedImageRow, CenterCropPixels456>
{
    public override Action<EncodedImageRow, CenterCropPixels456> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels456>(456);
}

public sealed class CenterCropPixels480 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 480, 480)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop480")]
public sealed class ImageFileToPixelsCenterCrop480 : CustomMappingFactory<ImagePathRow, CenterCropPixels480>
{
    public override Action<ImagePathRow, CenterCropPixels480> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels480>(480);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop480")]
public sealed class ImageBytesToPixelsCenterCrop480 : CustomMappingFactory<EncodedImageRow, CenterCropPixels480>
{
    public override Action<EncodedImageRow, CenterCropPixels480> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels480>(480);
}

public sealed class CenterCropPixels512 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 512, 512)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop512")]
public sealed class ImageFileToPixelsCenterCrop512 : CustomMappingFactory<ImagePathRow, CenterCropPixels512>
{
    public override Action<ImagePathRow, CenterCropPixels512> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels512>(512);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop512")]
public sealed class ImageBytesToPixelsCenterCrop512 : CustomMappingFactory<EncodedImageRow, CenterCropPixels512>
{
    public override Action<EncodedImageRow, CenterCropPixels512> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels512>(512);
}

public sealed class CenterCropPixels528 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 528, 528)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop528")]
public sealed class ImageFileToPixelsCenterCrop528 : CustomMappingFactory<ImagePathRow, CenterCropPixels528>
{
    public override Action<ImagePathRow, CenterCropPixels528> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels528>(528);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop528")]
public sealed class ImageBytesToPixelsCenterCrop528 : CustomMappingFactory<EncodedImageRow, CenterCropPixels528>
{
    public override Action<EncodedImageRow, CenterCropPixels528> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels528>(528);
}

public sealed class CenterCropPixels600 : ICenterCropPixelsRow
{
    [ColumnName(ImagePreprocessing.PixelsColumn), VectorType(3, 600, 600)]
    public float[] Pixels { get; set; } = [];
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageFileToPixels.CenterCrop600")]
public sealed class ImageFileToPixelsCenterCrop600 : CustomMappingFactory<ImagePathRow, CenterCropPixels600>
{
    public override Action<ImagePathRow, CenterCropPixels600> GetMapping() => CenterCropPixelsMapping.FromPath<CenterCropPixels600>(600);
}

[CustomMappingFactoryAttribute("MLNetTransfer.ImageBytesToPixels.CenterCrop600")]
public sealed class ImageBytesToPixelsCenterCrop600 : CustomMappingFactory<EncodedImageRow, CenterCropPixels600>
{
    public override Action<EncodedImageRow, CenterCropPixels600> GetMapping() => CenterCropPixelsMapping.FromBytes<CenterCropPixels600>(600);
}
