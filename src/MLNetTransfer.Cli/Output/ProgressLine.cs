using System.Diagnostics;

namespace MLNetTransfer.Cli.Output;

/// <summary>
/// Progress of one counted task: done/total, rate and ETA. On a terminal it redraws one line (carriage return, the
/// text cut to the terminal's width so it never wraps, then ANSI erase-to-end-of-line so a shorter text leaves nothing
/// of a longer one behind); otherwise it prints a plain line at each tenth of the way, so logs stay short and diffable.
/// </summary>
public sealed class ProgressLine
{
    /// <summary>Below this much time a rate is noise (a few cache hits in microseconds read as 200,000 images/s).</summary>
    internal static readonly TimeSpan RateAfter = TimeSpan.FromSeconds(0.5);

    /// <summary>ANSI "erase in line" from the cursor to the end.</summary>
    internal const string EraseToEnd = "\u001b[K";

    private readonly Ui _ui;
    private readonly string _label;
    private readonly long _total;
    private readonly string _unit;
    private readonly Func<TimeSpan> _elapsed;
    private int _lastTenth = -1;
    private TimeSpan? _lastRedraw;
    private bool _finished;

    internal ProgressLine(Ui ui, string label, long total, string unit, Func<TimeSpan>? elapsed = null)
    {
        _ui = ui;
        _label = label;
        _total = Math.Max(total, 0);
        _unit = unit;
        if (elapsed is null)
        {
            var clock = Stopwatch.StartNew();
            elapsed = () => clock.Elapsed;
        }
        _elapsed = elapsed;
    }

    /// <param name="done">Units done so far.</param>
    /// <param name="extra">Short text appended to the line (e.g. cache hits).</param>
    public void Report(long done, string extra = "")
    {
        if (_finished)
            return;
        var elapsed = _elapsed();
        if (_ui.Mode.Interactive)
        {
            // Redraw at most ~10 times a second; the terminal cannot show more.
            if (done < _total && elapsed - _lastRedraw < TimeSpan.FromSeconds(0.1))
                return;
            _lastRedraw = elapsed;
            _ui.Out.Write(Redraw(Describe(done, extra, elapsed), _ui.TerminalWidth()));
            _ui.Out.Flush();
            return;
        }

        var tenth = _total == 0 ? 10 : (int)(done * 10 / _total);
        if (tenth <= _lastTenth || (tenth == 10 && done < _total))
            return;
        _lastTenth = tenth;
        _ui.Out.WriteLine(Describe(done, extra, elapsed));
    }

    /// <summary>Ends the line with the final counts; safe to call more than once.</summary>
    public void Finish(long done, string extra = "")
    {
        if (_finished)
            return;
        var text = Describe(done, extra, _elapsed());
        // The final line is written once, so it may wrap on a narrow terminal rather than lose its last counts.
        if (_ui.Mode.Interactive)
            _ui.Out.WriteLine(Redraw(text, width: null));
        else if (_lastTenth < 10)
            _ui.Out.WriteLine(text);
        _finished = true;
    }

    /// <summary>What redraws the current terminal line with <paramref name="text"/>, cut to fit a line of <paramref name="width"/> columns.</summary>
    internal static string Redraw(string text, int? width)
    {
        // One column spare: a text filling the last column leaves some terminals waiting to wrap, and "\r" then misses.
        if (width is > 1 && text.Length > width.Value - 1)
            text = text[..(width.Value - 1)];
        return "\r" + text + EraseToEnd;
    }

    internal string Describe(long done, string extra, TimeSpan elapsed)
    {
        var percent = _total == 0 ? 100 : done * 100 / _total;
        var speed = "";
        if (elapsed >= RateAfter && done > 0)
        {
            var rate = done / elapsed.TotalSeconds;
            var eta = done < _total ? " ETA " + Format.Duration(TimeSpan.FromSeconds((_total - done) / rate)) : "";
            speed = $", {Format.Number(rate, 1)} {_unit}/s{eta}";
        }
        var tail = extra.Length > 0 ? ", " + extra : "";
        return $"{_label}: {done}/{_total} {_unit} ({percent}%){speed}{tail}";
    }
}
