namespace MLNetTransfer.Onnx;

/// <summary>Hands out tensor and node names that clash with nothing in the graph.</summary>
internal sealed class UniqueNames(IEnumerable<string> taken)
{
    private readonly HashSet<string> _taken = new(taken, StringComparer.Ordinal);

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Claims a fixed name that must not be renamed (a graph input or output of the new model).</summary>
    public void Reserve(string name) => _taken.Add(name);

    public string Make(string hint)
    {
        var name = hint;
        for (var i = 1; !_taken.Add(name); i++)
            name = $"{hint}_{i}";
        return name;
    }
}
