namespace MLNetTransfer.Preprocessing;

/// <summary>
/// For one axis of a resize: which source pixels each output pixel reads and with what fixed-point weights.
/// Triangle (bilinear) filter, widened by the shrink factor when shrinking so every source pixel counts
/// (antialiasing); taps outside the image are dropped and the rest renormalized, so edges do not darken.
/// </summary>
internal sealed class ResizeWeights
{
    /// <summary>Weights are integers summing to exactly 2^Precision: a flat area stays exactly flat.</summary>
    public const int Precision = 14;

    private ResizeWeights(int[] first, int[] count, int[] weights, int maxTaps)
    {
        First = first;
        Count = count;
        Weights = weights;
        MaxTaps = maxTaps;
    }

    /// <summary>First source index read by each output index.</summary>
    public int[] First { get; }

    /// <summary>Number of source indices read by each output index.</summary>
    public int[] Count { get; }

    /// <summary><see cref="MaxTaps"/> weights per output index; the first <see cref="Count"/> are used.</summary>
    public int[] Weights { get; }

    public int MaxTaps { get; }

    /// <summary>Lowest source index any output reads.</summary>
    public int Start => First[0];

    /// <summary>One past the highest source index any output reads.</summary>
    public int End => First[^1] + Count[^1];

    /// <summary>
    /// Maps <paramref name="outputLength"/> pixels onto the source span [<paramref name="offset"/>,
    /// <paramref name="offset"/> + <paramref name="outputLength"/> / <paramref name="scale"/>) of an axis
    /// <paramref name="sourceLength"/> long.
    /// </summary>
    public static ResizeWeights Create(int sourceLength, int outputLength, double scale, double offset)
    {
        // Radius of the triangle in source pixels: 1 when enlarging (plain bilinear), 1/scale when shrinking.
        var radius = Math.Max(1.0, 1.0 / scale);
        var maxTaps = (int)Math.Ceiling(radius) * 2 + 1;
        var first = new int[outputLength];
        var count = new int[outputLength];
        var weights = new int[outputLength * maxTaps];
        Span<double> exact = stackalloc double[maxTaps];

        for (var o = 0; o < outputLength; o++)
        {
            // Pixel k covers [k, k+1) and has its centre at k + 0.5.
            var centre = offset + (o + 0.5) / scale;
            var low = Math.Max(0, (int)Math.Floor(centre - radius));
            var high = Math.Min(sourceLength, (int)Math.Ceiling(centre + radius));
            var total = 0.0;
            var taps = 0;
            for (var k = low; k < high && taps < maxTaps; k++)
            {
                var weight = Math.Max(0.0, 1.0 - Math.Abs(k + 0.5 - centre) / radius);
                exact[taps++] = weight;
                total += weight;
            }
            if (total <= 0)
            {
                // The centre falls between pixels the triangle does not reach (only possible at the very edge).
                exact[0] = 1;
                total = 1;
                taps = 1;
                low = Math.Clamp((int)centre, 0, sourceLength - 1);
            }

            first[o] = low;
            count[o] = taps;
            var row = weights.AsSpan(o * maxTaps, maxTaps);
            var sum = 0;
            var largest = 0;
            for (var t = 0; t < taps; t++)
            {
                row[t] = (int)Math.Round(exact[t] / total * (1 << Precision));
                sum += row[t];
                if (row[t] > row[largest])
                    largest = t;
            }
            // Rounding may leave the sum a little off 2^Precision: the largest weight absorbs it.
            row[largest] += (1 << Precision) - sum;
        }
        return new ResizeWeights(first, count, weights, maxTaps);
    }
}
