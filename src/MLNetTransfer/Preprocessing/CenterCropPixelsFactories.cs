namespace MLNetTransfer.Preprocessing;

// The per-size types of CenterCropPixelsMapping: a row type and two factories (file paths, encoded bytes) per size,
// plus Sizes, ForPath and ForBytes, are written at compile time by MLNetTransfer.Generators from this list. A saved
// model names its size's factory by contract name, so a size, once shipped, stays. Add a size by adding it here.
[CenterCropContractSizes(96, 128, 160, 192, 224, 240, 256, 260, 288, 299, 300, 320, 331, 380, 384, 448, 456, 480, 512, 528, 600)]
internal static partial class CenterCropPixelsFactories;

/// <summary>Marks the class that gets the CenterCropPixels contract types for the given square sizes.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class CenterCropContractSizesAttribute(params int[] sizes) : Attribute
{
    public IReadOnlyList<int> Sizes { get; } = sizes;
}
