namespace MLNetTransfer.Images;

/// <summary>Limits and speed settings for decoding one image.</summary>
internal sealed record ImageDecodeOptions
{
    /// <summary>Default pixel limit: 100 million decoded pixels (400 MB of RGBA).</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>
    /// Images whose decoded size (after any reduced-scale decode) exceeds this many pixels are refused before
    /// any pixel is decoded, so a small file claiming a huge size cannot exhaust memory.
    /// </summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>
    /// When positive, formats that can decode at a reduced scale (JPEG's DCT scaling) decode at the smallest
    /// scale whose shorter side is still at least this many pixels. Zero decodes at full size.
    /// </summary>
    public int MinShortSide { get; init; }
}
