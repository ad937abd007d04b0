namespace MLNetTransfer.Featurization;

/// <summary>
/// Where <see cref="ImagePipeline"/> delivers each image: its cached features, its pixels, or the reason it was
/// skipped. Called from the pipeline's worker threads, so implementations are thread-safe.
/// </summary>
internal interface IImageSink
{
    /// <summary>The cache held the image's features: the image was neither decoded nor resized.</summary>
    void FromCache(ImageInput image, string contentHash, float[] features);

    /// <summary>A buffer of at least <see cref="ImagePipeline.PixelCount"/> floats for the next image's pixels.</summary>
    float[] RentPixels();

    /// <summary>The image's pixels, in a buffer from <see cref="RentPixels"/>; the hash is null when the pipeline did not hash.</summary>
    void Pixels(ImageInput image, string? contentHash, float[] pixels);

    /// <summary>The image could not be read or decoded; the reason is a user's.</summary>
    void Skipped(ImageInput image, string reason);
}
