namespace MLNetTransfer.Reporting;

/// <summary>
/// An axis range widened to round numbers, with evenly spaced ticks at steps of 1, 2 or 5 times a power of ten,
/// so tick labels read as 0, 0.2, 0.4... rather than 0, 0.173, 0.346...
/// </summary>
internal sealed record AxisScale(double Min, double Max, double Step)
{
    public static AxisScale Nice(double min, double max, int maxTicks = 6, bool integerSteps = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentException("Axis bounds must be finite.");
        if (max < min)
            (min, max) = (max, min);
        if (max - min < 1e-12)
        {
            // A single value gets a range around it, so it sits mid-axis instead of on a degenerate one.
            var pad = Math.Abs(min) > 1e-12 ? Math.Abs(min) * 0.1 : 1;
            if (integerSteps)
                pad = 1;
            (min, max) = (min - pad, max + pad);
        }

        var step = RoundStep((max - min) / Math.Max(1, maxTicks - 1));
        if (integerSteps)
            step = Math.Max(1, Math.Round(step));
        return new AxisScale(Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        var count = (int)Math.Round((Max - Min) / Step);
        for (var i = 0; i <= count; i++)
            ticks.Add(Math.Round(Min + i * Step, 10));
        return ticks;
    }

    /// <summary>Maps <paramref name="value"/> from this range onto pixels from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public double Map(double value, double from, double to) => from + (value - Min) / (Max - Min) * (to - from);

    private static double RoundStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        // Rounding to the nearest nice step (not up) keeps the tick count near the one asked for.
        var nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return nice * magnitude;
    }
}
