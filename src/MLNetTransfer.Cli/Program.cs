using System.CommandLine;
using System.Runtime.InteropServices;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli;

/// <summary>Entry point of mlnet-transfer. Run(args, stdout, stderr) is the whole tool, callable in process by tests.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        // The first Ctrl+C asks for a clean stop (finished bottlenecks are already on disk); a second one ends the process.
        Console.CancelKeyPress += (_, e) =>
        {
            if (interrupt.IsCancellationRequested)
                return;
            e.Cancel = true;
            Console.Error.WriteLine("Stopping... (press Ctrl+C again to end at once)");
            interrupt.Cancel();
        };
        // SIGTERM (kill, docker stop, systemd) stops the same clean way, then exits 143 as shells expect; a second one ends at once.
        var terminated = false;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            if (interrupt.IsCancellationRequested)
                return;
            context.Cancel = true;
            terminated = true;
            Console.Error.WriteLine("Stopping on SIGTERM...");
            interrupt.Cancel();
        });
        var code = Run(args, Console.Out, Console.Error,
            TerminalMode.Detect(Environment.GetEnvironmentVariable, Console.IsOutputRedirected), interrupt.Token);
        return terminated && code == ExitCodes.Interrupted ? ExitCodes.Terminated : code;
    }

    /// <summary>Runs the tool with plain output (no ANSI, no redraws), as when output is redirected.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default) =>
        Run(args, stdout, stderr, TerminalMode.Plain, cancellation);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TerminalMode mode, CancellationToken cancellation = default)
    {
        var verbose = args.Contains("--verbose");
        var ui = new Ui(stdout, stderr, mode, verbose) { Cancellation = cancellation };
        var root = CommandTree.Build(ui);
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, ui);
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }
}
