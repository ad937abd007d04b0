using SkiaSharp;

namespace MLNetTransfer.Cli.Commands.SampleData;

/// <summary>Draws one synthetic sample image: a shape of a class on a random background, jittered in size, place and colour.</summary>
public static class ShapePainter
{
    public static readonly IReadOnlyList<string> Classes = ["circle", "square", "triangle", "cross"];

    public static byte[] Paint(string shape, Random random, int size = 64)
    {
        using var bitmap = new SKBitmap(size, size, SKColorType.Bgra8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)random.Next(150, 256), (byte)random.Next(150, 256), (byte)random.Next(150, 256)));
            using var paint = new SKPaint
            {
                IsAntialias = true,
                Color = new SKColor((byte)random.Next(0, 110), (byte)random.Next(0, 110), (byte)random.Next(0, 110)),
                StrokeWidth = size / 8f,
            };
            var radius = size * (0.22f + (float)random.NextDouble() * 0.12f);
            var cx = size / 2f + (float)(random.NextDouble() - 0.5) * size * 0.25f;
            var cy = size / 2f + (float)(random.NextDouble() - 0.5) * size * 0.25f;
            Draw(canvas, paint, shape, cx, cy, radius);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static void Draw(SKCanvas canvas, SKPaint paint, string shape, float cx, float cy, float r)
    {
        switch (shape)
        {
            case "circle":
                canvas.DrawCircle(cx, cy, r, paint);
                break;
            case "square":
                canvas.DrawRect(cx - r, cy - r, 2 * r, 2 * r, paint);
                break;
            case "triangle":
                using (var path = new SKPath())
                {
                    path.MoveTo(cx, cy - r);
                    path.LineTo(cx + r, cy + r);
                    path.LineTo(cx - r, cy + r);
                    path.Close();
                    canvas.DrawPath(path, paint);
                }
                break;
            case "cross":
                canvas.DrawLine(cx - r, cy - r, cx + r, cy + r, paint);
                canvas.DrawLine(cx - r, cy + r, cx + r, cy - r, paint);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape");
        }
    }
}
