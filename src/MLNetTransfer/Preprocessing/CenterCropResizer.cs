using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLNetTransfer.Images;

namespace MLNetTransfer.Preprocessing;

/// <summary>
/// Scales an image so it covers the target size keeping its aspect ratio, and keeps the centre: what ML.NET's
/// ResizeImages IsoCrop with a centre anchor does, with an antialiased bilinear filter in integer arithmetic.
/// Integers make the result the same bytes on every machine and every SIMD width, which is what lets training and
/// the saved model share one definition of the pixels. Vertical pass first over the cropped columns only, then
/// horizontal; both passes are vectorized.
/// </summary>
internal static class CenterCropResizer
{
    private const int Round = 1 << (ResizeWeights.Precision - 1);

    /// <summary>Returns <paramref name="image"/> resized and centre-cropped to exactly <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static DecodedImage Fit(DecodedImage image, int width, int height)
    {
        if (image.Width == width && image.Height == height)
            return image;
        var output = DecodedImage.Allocate(width, height, pooled: false);
        Fit(image.Pixels, image.Width, image.Height, output.PixelsToFill, width, height);
        return output;
    }

    /// <summary>Writes the resized, centre-cropped BGRA image into <paramref name="destination"/> (width x height x 4 bytes).</summary>
    public static void Fit(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int width, int height) =>
        Fit(source, sourceWidth, sourceHeight, destination, width, height, zoom: 1.0);

    /// <summary>
    /// The same centre crop zoomed in by <paramref name="zoom"/> (at least 1): the image is scaled <paramref name="zoom"/>
    /// times larger than it needs to cover the target, and the centre is kept, so the output shows the central
    /// 1/<paramref name="zoom"/> of the plain crop. 1 is exactly the plain crop.
    /// </summary>
    internal static void Fit(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int width, int height, double zoom)
    {
        if (!(zoom >= 1.0) || double.IsInfinity(zoom))
            throw new ArgumentOutOfRangeException(nameof(zoom), zoom, "The zoom must be 1 or more.");
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (source.Length < sourceWidth * sourceHeight * 4 || destination.Length < width * height * 4)
            throw new ArgumentException($"Buffers too small for {sourceWidth}x{sourceHeight} -> {width}x{height} BGRA.");

        // One scale for both axes (aspect kept), large enough that the image covers the target; the excess is cropped evenly.
        var scale = Math.Max((double)width / sourceWidth, (double)height / sourceHeight) * zoom;
        var columns = ResizeWeights.Create(sourceWidth, width, scale, (sourceWidth - width / scale) / 2);
        var rows = ResizeWeights.Create(sourceHeight, height, scale, (sourceHeight - height / scale) / 2);

        // The vertical pass keeps only the source columns the horizontal pass will read.
        var spanStart = columns.Start;
        var spanPixels = columns.End - spanStart;
        var intermediate = System.Buffers.ArrayPool<byte>.Shared.Rent(spanPixels * 4 * height);
        try
        {
            ResizeVertically(source, sourceWidth, spanStart, spanPixels, rows, intermediate);
            ResizeHorizontally(intermediate, spanPixels, spanStart, columns, height, destination, width);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(intermediate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResizeVertically(ReadOnlySpan<byte> source, int sourceWidth, int spanStart, int spanPixels,
        ResizeWeights rows, Span<byte> output)
    {
        var rowBytes = spanPixels * 4;
        var sourceStride = sourceWidth * 4;
        var vectorBytes = Vector<byte>.Count;
        var vectorEnd = rowBytes - rowBytes % vectorBytes;
        for (var y = 0; y < rows.First.Length; y++)
        {
            var taps = rows.Count[y];
            var weights = rows.Weights.AsSpan(y * rows.MaxTaps, taps);
            var firstRow = rows.First[y];
            var target = output.Slice(y * rowBytes, rowBytes);

            var x = 0;
            ref var origin = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), firstRow * sourceStride + spanStart * 4);
            ref var output0 = ref MemoryMarshal.GetReference(target);
            for (; x < vectorEnd; x += vectorBytes)
            {
                Vector<uint> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var t = 0; t < taps; t++)
                {
                    // In bounds: rows First..First+Count-1 and the span's columns lie inside the source.
                    var bytes = Vector.LoadUnsafe(ref origin, (nuint)(t * sourceStride + x));
                    Vector.Widen(bytes, out var low, out var high);
                    Vector.Widen(low, out var q0, out var q1);
                    Vector.Widen(high, out var q2, out var q3);
                    var weight = new Vector<uint>((uint)weights[t]);
                    a0 += q0 * weight;
                    a1 += q1 * weight;
                    a2 += q2 * weight;
                    a3 += q3 * weight;
                }
                var round = new Vector<uint>(Round);
                var lowHalf = Vector.Narrow((a0 + round) >> ResizeWeights.Precision, (a1 + round) >> ResizeWeights.Precision);
                var highHalf = Vector.Narrow((a2 + round) >> ResizeWeights.Precision, (a3 + round) >> ResizeWeights.Precision);
                Vector.StoreUnsafe(Vector.Narrow(lowHalf, highHalf), ref output0, (nuint)x);
            }
            for (; x < rowBytes; x++)
            {
                var sum = Round;
                for (var t = 0; t < taps; t++)
                    sum += weights[t] * source[(firstRow + t) * sourceStride + spanStart * 4 + x];
                target[x] = (byte)(sum >> ResizeWeights.Precision);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResizeHorizontally(ReadOnlySpan<byte> input, int inputPixels, int inputStart, ResizeWeights columns,
        int height, Span<byte> destination, int width)
    {
        var round = Vector128.Create(Round);
        ref var firsts = ref MemoryMarshal.GetArrayDataReference(columns.First);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(columns.Count);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(columns.Weights);
        var maxTaps = columns.MaxTaps;
        for (var y = 0; y < height; y++)
        {
            // Bounds: every First + Count lies inside [inputStart, inputStart + inputPixels) by construction.
            ref var row = ref Unsafe.As<byte, uint>(ref MemoryMarshal.GetReference(input.Slice(y * inputPixels * 4, inputPixels * 4)));
            var target = MemoryMarshal.Cast<byte, uint>(destination.Slice(y * width * 4, width * 4));
            for (var x = 0; x < target.Length; x++)
            {
                var taps = Unsafe.Add(ref counts, x);
                ref var pixel = ref Unsafe.Add(ref row, Unsafe.Add(ref firsts, x) - inputStart);
                ref var weight = ref Unsafe.Add(ref weights, x * maxTaps);
                // The four channels of a pixel side by side in one 128-bit register.
                var sum = round;
                for (var t = 0; t < taps; t++)
                    sum += Channels(Unsafe.Add(ref pixel, t)) * Unsafe.Add(ref weight, t);
                var shifted = Vector128.ShiftRightArithmetic(sum, ResizeWeights.Precision).AsUInt32();
                var bytes = Vector128.Narrow(Vector128.Narrow(shifted, shifted), Vector128<ushort>.Zero);
                target[x] = bytes.AsUInt32().ToScalar();
            }
        }
    }

    private static Vector128<int> Channels(uint pixel)
    {
        var bytes = Vector128.CreateScalarUnsafe(pixel).AsByte();
        return Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32();
    }
}
