using System.Globalization;

namespace MLNetTransfer.Cli.Output;

/// <summary>Numbers and durations as the CLI prints them: invariant culture, whatever the machine's locale.</summary>
public static class Format
{
    public static string Number(double value, int decimals = 4) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => Number(fraction * 100, 1) + "%";

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.TotalSeconds >= 10 ? span.ToString(@"m\:ss", CultureInfo.InvariantCulture)
        : Number(span.TotalSeconds, 1) + "s";

    public static string Megabytes(long bytes) => Number(bytes / (1024.0 * 1024.0), 1) + " MB";
}
