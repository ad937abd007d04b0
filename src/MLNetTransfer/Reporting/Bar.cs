namespace MLNetTransfer.Reporting;

/// <summary>An inline bar in a table cell: a CSS width, no script and no SVG, so it prints and copies as its number.</summary>
internal static class Bar
{
    /// <summary>A cell with a bar as long as <paramref name="fraction"/> (0..1) of the cell and the value written beside it.</summary>
    public static string Cell(string key, double fraction, string? label = null)
    {
        var share = double.IsFinite(fraction) ? Math.Clamp(fraction, 0, 1) : 0;
        var text = label ?? Html.Number(fraction, "0.000");
        return $"<td class=\"bar-cell\" data-{Html.Escape(key)}=\"{Html.Number(fraction, "0.####")}\"><span class=\"bar\"><span class=\"fill\" " +
            $"style=\"width:{Html.Number(share * 100, "0.#")}%\"></span></span><span class=\"bar-value\">{text}</span></td>";
    }
}
