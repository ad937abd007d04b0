using MLNetTransfer.Reporting;
using SkiaSharp;

namespace MLNetTransfer.Evaluation;

/// <summary>
/// Why a classifier chose <see cref="Class"/> for one image: for every pixel of the centre crop the model sees,
/// how much the class's probability dropped, on average, when a grey patch covered that pixel. High values mark the
/// regions the prediction rests on.
/// </summary>
public sealed record OcclusionMap(int Width, int Height, byte[] CropBgra, float[] Drop, int Class, float Probability, float[] Scores)
{
    /// <summary>The largest drop anywhere; 0 when no patch lowered the probability.</summary>
    public float MaxDrop => Drop.Length == 0 ? 0 : Math.Max(0, Drop.Max());

    /// <summary>
    /// The crop with the map blended in: untouched where covering changed nothing, towards red then yellow where it
    /// mattered most. Drops are scaled to the largest, unless it is under <paramref name="floor"/> (a flat map stays faint).
    /// </summary>
    public byte[] BlendedBgra(float floor = 0.05f)
    {
        var scale = Math.Max(MaxDrop, floor);
        var output = new byte[CropBgra.Length];
        for (var i = 0; i < Drop.Length; i++)
        {
            var v = Math.Clamp(Drop[i] / scale, 0, 1);
            var alpha = 0.7f * v;
            // Hot colour map: red first, gaining green (towards yellow) as the drop grows.
            float red = 255, green = 255 * v * v, blue = 0;
            output[4 * i] = Mix(CropBgra[4 * i], blue, alpha);
            output[4 * i + 1] = Mix(CropBgra[4 * i + 1], green, alpha);
            output[4 * i + 2] = Mix(CropBgra[4 * i + 2], red, alpha);
            output[4 * i + 3] = 255;
        }
        return output;
    }

    /// <summary>The blended crop as a PNG file's bytes.</summary>
    public byte[] ToPng() => ImageEncoding.Encode(BlendedBgra(), Width, Height, SKEncodedImageFormat.Png, 100);

    private static byte Mix(byte under, float over, float alpha) => (byte)Math.Round(under * (1 - alpha) + over * alpha);
}
