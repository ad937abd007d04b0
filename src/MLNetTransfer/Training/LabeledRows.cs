namespace MLNetTransfer.Training;

/// <summary>Row-major features [Count, FeatureCount] with one label per row, owned by the trainer.</summary>
internal sealed record LabeledRows(float[] Features, int[] Labels, int FeatureCount)
{
    public int Count => Labels.Length;

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * FeatureCount, FeatureCount);
}
