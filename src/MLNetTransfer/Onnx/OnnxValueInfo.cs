namespace MLNetTransfer.Onnx;

/// <summary>
/// A declared tensor: name, element type (<see cref="OnnxElementType.Undefined"/> when the model gives none) and
/// dims, where -1 marks a symbolic or unknown dim.
/// </summary>
internal sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Dims)
{
    /// <summary>False when the model declares no shape at all (unknown rank); <see cref="Dims"/> is then empty.</summary>
    public bool HasShape { get; init; } = true;

    public int Rank => Dims.Count;

    /// <summary>The dims as text, e.g. <c>[N,224,224,3]</c>: N for a symbolic batch, ? for other unknown dims.</summary>
    public string DescribeShape()
    {
        if (!HasShape)
            return "[unknown shape]";
        return "[" + string.Join(',', Dims.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : i == 0 ? "N" : "?")) + "]";
    }

    public override string ToString() => $"'{Name}' {ElementType.Describe()} {DescribeShape()}";
}
