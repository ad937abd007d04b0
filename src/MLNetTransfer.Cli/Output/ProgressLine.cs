using System.Diagnostics;

namespace MLNetTransfer.Cli.Output;

/// <summary>
/// Progress of one counted task: done/total, rate and ETA. On a terminal it redraws one line with a carriage
/// return; otherwise it prints a plain line at each tenth of the way, so logs stay short and diffable.
/// </summary>
public sealed class ProgressLine
{
    private readonly Ui _ui;
    private readonly string _label;
    private readonly long _total;
    private readonly string _unit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _lastTenth = -1;
    private long _lastRedrawTicks;
    private bool _finished;

    internal ProgressLine(Ui ui, string label, long total, string unit)
    {
        _ui = ui;
        _label = label;
        _total = Math.Max(total, 0);
        _unit = unit;
    }

    /// <param name="done">Units done so far.</param>
    /// <param name="extra">Short text appended to the line (e.g. cache hits).</param>
    public void Report(long done, string extra = "")
    {
        if (_finished)
            return;
        if (_ui.Mode.Interactive)
        {
            // Redraw at most ~10 times a second; the terminal cannot show more.
            var now = _clock.ElapsedTicks;
            if (done < _total && now - _lastRedrawTicks < Stopwatch.Frequency / 10)
                return;
            _lastRedrawTicks = now;
            _ui.Out.Write("\r" + Describe(done, extra).PadRight(100));
            return;
        }

        var tenth = _total == 0 ? 10 : (int)(done * 10 / _total);
        if (tenth <= _lastTenth || (tenth == 10 && done < _total))
            return;
        _lastTenth = tenth;
        _ui.Out.WriteLine(Describe(done, extra));
    }

    /// <summary>Ends the line with the final counts; safe to call more than once.</summary>
    public void Finish(long done, string extra = "")
    {
        if (_finished)
            return;
        if (_ui.Mode.Interactive)
            _ui.Out.WriteLine("\r" + Describe(done, extra).PadRight(100));
        else if (_lastTenth < 10)
            _ui.Out.WriteLine(Describe(done, extra));
        _finished = true;
    }

    private string Describe(long done, string extra)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? done / seconds : 0;
        var eta = rate > 0 && done < _total ? " ETA " + Format.Duration(TimeSpan.FromSeconds((_total - done) / rate)) : "";
        var percent = _total == 0 ? 100 : done * 100 / _total;
        var tail = extra.Length > 0 ? ", " + extra : "";
        return $"{_label}: {done}/{_total} {_unit} ({percent}%), {Format.Number(rate, 1)} {_unit}/s{eta}{tail}";
    }
}
