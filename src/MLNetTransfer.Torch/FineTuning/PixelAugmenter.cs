using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNetTransfer.Torch.FineTuning;

/// <summary>
/// Random resized crop, horizontal flip and colour jitter for a whole batch at once on the device: the crop and flip
/// are one affine resampling (affine_grid + grid_sample, bilinear), the jitter a few broadcast multiplies. Random
/// draws come from a seeded System.Random, so runs repeat on any device.
/// </summary>
internal sealed class PixelAugmenter(AugmentationOptions options, int seed)
{
    private readonly Random _random = new(seed);

    public Tensor Apply(Tensor pixels)
    {
        if (!options.Enabled)
            return pixels.alias();
        var n = (int)pixels.shape[0];
        var theta = new float[n * 6];
        for (var i = 0; i < n; i++)
        {
            var area = Uniform(options.MinCropArea, 1f);
            var logRatio = Math.Log(options.MaxAspectRatio);
            var ratio = (float)Math.Exp(Uniform((float)-logRatio, (float)logRatio));
            // Width and height of the crop as fractions of the image; the grid spans [-1, 1].
            var w = MathF.Min(1f, MathF.Sqrt(area * ratio));
            var h = MathF.Min(1f, MathF.Sqrt(area / ratio));
            var flip = options.HorizontalFlip && _random.Next(2) == 1 ? -1f : 1f;
            theta[i * 6 + 0] = w * flip;
            theta[i * 6 + 2] = Uniform(w - 1f, 1f - w);
            theta[i * 6 + 4] = h;
            theta[i * 6 + 5] = Uniform(h - 1f, 1f - h);
        }

        var affine = tensor(theta, [n, 2, 3], ScalarType.Float32, pixels.device);
        var grid = F.affine_grid(affine, pixels.shape, align_corners: false);
        var cropped = F.grid_sample(pixels, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return Jitter(cropped, n).clamp(0, 255);
    }

    private Tensor Jitter(Tensor x, int n)
    {
        var brightness = Factors(n, options.Brightness, x.device);
        var contrast = Factors(n, options.Contrast, x.device);
        var saturation = Factors(n, options.Saturation, x.device);
        // ITU-R 601 luma, as torchvision uses for grayscale.
        var weights = tensor(new[] { 0.299f, 0.587f, 0.114f }, [1, 3, 1, 1], ScalarType.Float32, x.device);
        x = x * brightness;
        var gray = (x * weights).sum(1, keepdim: true);
        x = (x - gray) * saturation + gray;
        var mean = (x * weights).sum(1, keepdim: true).mean([2, 3], keepdim: true);
        return (x - mean) * contrast + mean;
    }

    private Tensor Factors(int n, float spread, Device device)
    {
        var values = Enumerable.Range(0, n).Select(_ => Uniform(1f - spread, 1f + spread)).ToArray();
        return tensor(values, [n, 1, 1, 1], ScalarType.Float32, device);
    }

    private float Uniform(float low, float high) => low + (float)_random.NextDouble() * (high - low);
}
