namespace MLNetTransfer.Benchmarks;

/// <summary>Every figure of the run, with its target when it has one, printed as one table at the end.</summary>
internal sealed class Results
{
    private readonly List<(string Section, string Figure, string Value, string Target, bool? Pass)> _rows = [];

    public void Add(string section, string figure, string value, string target = "", bool? pass = null)
    {
        _rows.Add((section, figure, value, target, pass));
        Console.WriteLine($"  {figure}: {value}{(target.Length > 0 ? $"  (target {target}: {Verdict(pass)})" : "")}");
    }

    public void Print(TextWriter writer)
    {
        string[] header = ["section", "figure", "value", "target", "result"];
        var rows = _rows.Select(r => new[] { r.Section, r.Figure, r.Value, r.Target, r.Pass is null ? "" : Verdict(r.Pass) }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        void Line(string[] cells) => writer.WriteLine("| " + string.Join(" | ", cells.Select((s, c) => s.PadRight(widths[c]))) + " |");
        Line(header);
        writer.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
            Line(row);
        var targets = _rows.Count(r => r.Pass is not null);
        writer.WriteLine();
        writer.WriteLine($"{_rows.Count(r => r.Pass == true)} of {targets} targets met.");
    }

    private static string Verdict(bool? pass) => pass switch { true => "PASS", false => "MISS", null => "" };
}
