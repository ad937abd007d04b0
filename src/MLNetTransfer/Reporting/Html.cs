using System.Globalization;
using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>Escaping and culture-independent number formatting for the report's HTML and SVG.</summary>
internal static class Html
{
    /// <summary>Escapes text for element content and quoted attribute values alike.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }
        return builder.ToString();
    }

    /// <summary>A number with the given .NET format, always with '.' as the decimal point.</summary>
    public static string Number(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A fraction in 0..1 shown as a percentage, e.g. 0.9375 -> "93.8%".</summary>
    public static string Percent(double fraction, string format = "0.0") =>
        double.IsFinite(fraction) ? Number(fraction * 100, format) + "%" : "n/a";

    /// <summary>An SVG coordinate: two decimals are far finer than a pixel.</summary>
    public static string Coord(double value) => Number(value, "0.##");
}
