namespace MLNetTransfer.Cli.Output;

/// <summary>
/// How the console may be used: redrawn progress and ANSI only on a real terminal that is not CI; colour only
/// there and when NO_COLOR is unset (https://no-color.org).
/// </summary>
public sealed record TerminalMode(bool Interactive, bool Colour)
{
    /// <summary>Plain lines, no colour: redirected output, logs, tests.</summary>
    public static TerminalMode Plain { get; } = new(false, false);

    public static TerminalMode Detect(Func<string, string?> readEnvironment, bool outputRedirected)
    {
        var ci = readEnvironment("CI");
        var isCi = string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
        var interactive = !outputRedirected && !isCi;
        var noColour = !string.IsNullOrEmpty(readEnvironment("NO_COLOR"));
        return new TerminalMode(interactive, interactive && !noColour);
    }
}
