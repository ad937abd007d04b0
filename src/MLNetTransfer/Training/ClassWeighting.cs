namespace MLNetTransfer.Training;

/// <summary>Helpers that build <see cref="HeadTrainingOptions.ClassWeights"/>.</summary>
internal static class ClassWeighting
{
    /// <summary>
    /// Weights that make every class contribute equally to the loss: <c>n / (classCount * count_c)</c>, as scikit-learn's
    /// "balanced". A class with no samples gets 0, since it contributes nothing anyway.
    /// </summary>
    public static float[] Balanced(int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (labels.Length == 0)
            throw new ArgumentException("No labels given.", nameof(labels));

        var counts = new int[classCount];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classCount)
                throw new ArgumentException($"Label {label} at index {i} is outside [0, {classCount}).", nameof(labels));
            counts[label]++;
        }

        var weights = new float[classCount];
        for (int c = 0; c < classCount; c++)
            weights[c] = counts[c] == 0 ? 0f : (float)((double)labels.Length / ((double)classCount * counts[c]));
        return weights;
    }
}
