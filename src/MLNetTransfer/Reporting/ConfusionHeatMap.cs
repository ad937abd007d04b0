using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>
/// The confusion matrix as an SVG heat map: rows are true classes, columns predicted ones, each cell coloured by
/// its share of the row (so rare classes are as readable as common ones) and labelled with its count.
/// </summary>
internal static class ConfusionHeatMap
{
    private const int MaxLabelChars = 26;

    public static string Render(IReadOnlyList<string> classes, int[][] counts)
    {
        var k = classes.Count;
        // Cells shrink as classes grow so 50 classes still fit a page; labels shrink with them, within readable limits.
        var cell = Math.Clamp(720.0 / k, 14, 44);
        var labelFont = Math.Clamp(cell * 0.5, 8, 13);
        var countFont = Math.Clamp(cell * 0.36, 6.5, 13);
        var labels = classes.Select(Shorten).ToArray();
        var labelWidth = labels.Max(l => l.Length) * labelFont * 0.6 + 10;
        // Column labels are rotated 45°, so they need height above the grid and spill to the right by the same amount.
        var slant = labelWidth * 0.72;
        double left = labelWidth + 24, top = slant + 28;
        var width = left + k * cell + slant + 8;
        var height = top + k * cell + 8;

        var svg = new StringBuilder();
        svg.Append($"<svg class=\"heatmap\" data-classes=\"{k}\" viewBox=\"0 0 {Html.Coord(width)} {Html.Coord(height)}\" ")
           .Append($"width=\"{Html.Coord(width)}\" height=\"{Html.Coord(height)}\" role=\"img\" aria-label=\"confusion matrix\">");
        svg.Append($"<text class=\"axis-label\" x=\"{Html.Coord(left)}\" y=\"14\">predicted class</text>")
           .Append($"<text class=\"axis-label\" transform=\"translate(12 {Html.Coord(top + k * cell / 2)}) rotate(-90)\" text-anchor=\"middle\">true class</text>");

        for (var i = 0; i < k; i++)
        {
            var centre = i * cell + cell / 2;
            var name = Html.Escape(classes[i]);
            svg.Append($"<text class=\"row-label\" x=\"{Html.Coord(left - 6)}\" y=\"{Html.Coord(top + centre + labelFont * 0.35)}\" ")
               .Append($"text-anchor=\"end\" font-size=\"{Html.Coord(labelFont)}\"><title>{name}</title>{Html.Escape(labels[i])}</text>");
            svg.Append($"<text class=\"col-label\" transform=\"translate({Html.Coord(left + centre + labelFont * 0.35)} {Html.Coord(top - 6)}) rotate(-45)\" ")
               .Append($"font-size=\"{Html.Coord(labelFont)}\"><title>{name}</title>{Html.Escape(labels[i])}</text>");
        }

        for (var row = 0; row < k; row++)
        {
            var rowTotal = counts[row].Sum();
            for (var col = 0; col < k; col++)
            {
                var count = counts[row][col];
                var share = rowTotal == 0 ? 0 : (double)count / rowTotal;
                double x = left + col * cell, y = top + row * cell;
                svg.Append($"<rect class=\"cell\" data-row=\"{row}\" data-col=\"{col}\" data-count=\"{count}\" x=\"{Html.Coord(x)}\" y=\"{Html.Coord(y)}\" ")
                   .Append($"width=\"{Html.Coord(cell)}\" height=\"{Html.Coord(cell)}\" fill=\"{Shade(share)}\">")
                   .Append($"<title>true {Html.Escape(classes[row])}, predicted {Html.Escape(classes[col])}: {count} ({Html.Percent(share)} of the row)</title></rect>");
                // Zeros are shown only while cells are roomy; in a large matrix they would bury the counts that matter.
                if (count > 0 || cell >= 24)
                {
                    var ink = share > 0.5 ? "#fff" : "#222";
                    svg.Append($"<text class=\"count\" x=\"{Html.Coord(x + cell / 2)}\" y=\"{Html.Coord(y + cell / 2 + countFont * 0.35)}\" ")
                       .Append($"text-anchor=\"middle\" font-size=\"{Html.Coord(countFont)}\" fill=\"{ink}\">{count}</text>");
                }
            }
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>White at 0 through to dark blue at 1.</summary>
    internal static string Shade(double share)
    {
        share = Math.Clamp(share, 0, 1);
        byte Mix(int from, int to) => (byte)Math.Round(from + (to - from) * share);
        return $"#{Mix(0xf7, 0x08):x2}{Mix(0xfb, 0x30):x2}{Mix(0xff, 0x6b):x2}";
    }

    /// <summary>Cuts the middle of a long name: class names often share a prefix and differ at the end.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= MaxLabelChars)
            return name;
        var head = (MaxLabelChars - 1) / 2;
        var tail = MaxLabelChars - 1 - head;
        return name[..head] + "…" + name[^tail..];
    }
}
