namespace MLNetTransfer.Preprocessing;

/// <summary>
/// BGRA bytes to the backbone's input layout: planar R, G, B floats holding the raw 0..255 values. The same numbers
/// ML.NET's ExtractPixels (Rgb, ARGB order, not interleaved, offset 0, scale 1) produces, without a data view.
/// </summary>
internal static class PlanarPixels
{
    public static void FromBgra(ReadOnlySpan<byte> bgra, Span<float> planes)
    {
        var pixels = bgra.Length / 4;
        if (planes.Length < pixels * 3)
            throw new ArgumentException($"Need room for {pixels * 3} floats, got {planes.Length}.");
        var red = planes[..pixels];
        var green = planes.Slice(pixels, pixels);
        var blue = planes.Slice(2 * pixels, pixels);
        for (var i = 0; i < pixels; i++)
        {
            blue[i] = bgra[4 * i];
            green[i] = bgra[4 * i + 1];
            red[i] = bgra[4 * i + 2];
        }
    }
}
