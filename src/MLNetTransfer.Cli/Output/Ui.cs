using Spectre.Console;
using Spectre.Console.Rendering;

namespace MLNetTransfer.Cli.Output;

/// <summary>
/// Everything a command prints goes through here: plain lines to stdout, warnings and errors to stderr, and tables
/// rendered by Spectre.Console (without ANSI codes unless the terminal is interactive and colour is allowed).
/// </summary>
public sealed class Ui
{
    private readonly IAnsiConsole _tables;

    public Ui(TextWriter stdout, TextWriter stderr, TerminalMode mode, bool verbose = false)
    {
        Out = stdout;
        Error = stderr;
        Mode = mode;
        Verbose = verbose;
        _tables = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = mode.Colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = mode.Colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = mode.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Redirected output has no width; a wide fixed one keeps tables from wrapping in logs.
        if (!mode.Interactive)
            _tables.Profile.Width = 200;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public TerminalMode Mode { get; }

    public bool Verbose { get; }

    /// <summary>Cancelled by Ctrl+C: long commands stop at the next safe point.</summary>
    public CancellationToken Cancellation { get; init; }

    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>A section heading, bold where colour is on.</summary>
    public void Heading(string text)
    {
        if (Mode.Colour)
            _tables.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
        else
            Out.WriteLine(text);
    }

    public void Warn(string text) => Error.WriteLine(Mode.Colour ? $"\u001b[33mwarning:\u001b[0m {text}" : $"warning: {text}");

    public void Fail(string text) => Error.WriteLine(Mode.Colour ? $"\u001b[31merror:\u001b[0m {text}" : $"error: {text}");

    public void Render(IRenderable renderable) => _tables.Write(renderable);

    /// <summary>A table with a plain ASCII border when the output is not a terminal, so logs stay 7-bit.</summary>
    public Table NewTable(params string[] columns)
    {
        var table = new Table { Border = Mode.Interactive ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var column in columns)
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        return table;
    }

    public ProgressLine Progress(string label, long total, string unit) => new(this, label, total, unit);

    /// <summary>Columns of the terminal, or null when unknown (redirected output, or a console that cannot say).</summary>
    public Func<int?> TerminalWidth { get; init; } = ConsoleWidth;

    private static int? ConsoleWidth()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? null : Console.WindowWidth;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return null;
        }
    }
}
