using MLNetTransfer.Featurization;

namespace MLNetTransfer.Vision;

/// <summary>
/// Pixel tensors of every image that could be used, in input order: row r of <see cref="Pixels"/> belongs to input
/// <see cref="Indices"/>[r]; images that could not be used are in <see cref="Skipped"/> with their reason.
/// </summary>
internal sealed class PixelReadResult
{
    /// <summary>Floats per image: 3 x Height x Width.</summary>
    public required int PixelCount { get; init; }

    public required float[] Pixels { get; init; }

    public required int[] Indices { get; init; }

    public required IReadOnlyList<SkippedImage> Skipped { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public int Count => Indices.Length;

    /// <summary>The pixels of the given rows, one after another.</summary>
    public float[] Gather(IReadOnlyList<int> rows)
    {
        var result = new float[(long)rows.Count * PixelCount];
        for (var i = 0; i < rows.Count; i++)
            Pixels.AsSpan(rows[i] * PixelCount, PixelCount).CopyTo(result.AsSpan(i * PixelCount));
        return result;
    }
}
