using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MLNetTransfer.Preprocessing;

/// <summary>
/// BGRA bytes to the backbone's input layout: planar R, G, B floats holding the raw 0..255 values. The same numbers
/// ML.NET's ExtractPixels (Rgb, ARGB order, not interleaved, offset 0, scale 1) produces, without a data view.
/// </summary>
internal static class PlanarPixels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromBgra(ReadOnlySpan<byte> bgra, Span<float> planes)
    {
        var pixels = bgra.Length / 4;
        if (planes.Length < pixels * 3)
            throw new ArgumentException($"Need room for {pixels * 3} floats, got {planes.Length}.");
        var red = planes[..pixels];
        var green = planes.Slice(pixels, pixels);
        var blue = planes.Slice(2 * pixels, pixels);

        // A whole pixel per 32-bit lane: each channel is a shift and a mask away, then one conversion to float.
        var packed = MemoryMarshal.Cast<byte, int>(bgra[..(pixels * 4)]);
        var width = Vector<int>.Count;
        var mask = new Vector<int>(0xFF);
        var i = 0;
        for (; i <= pixels - width; i += width)
        {
            var lanes = new Vector<int>(packed.Slice(i, width));
            Vector.ConvertToSingle(lanes & mask).CopyTo(blue.Slice(i, width));
            Vector.ConvertToSingle(Vector.ShiftRightLogical(lanes, 8) & mask).CopyTo(green.Slice(i, width));
            Vector.ConvertToSingle(Vector.ShiftRightLogical(lanes, 16) & mask).CopyTo(red.Slice(i, width));
        }
        for (; i < pixels; i++)
        {
            blue[i] = bgra[4 * i];
            green[i] = bgra[4 * i + 1];
            red[i] = bgra[4 * i + 2];
        }
    }
}
