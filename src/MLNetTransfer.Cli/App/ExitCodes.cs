namespace MLNetTransfer.Cli.App;

/// <summary>The process exit codes the tool promises to scripts.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Unknown flag, missing required flag, bad value.</summary>
    public const int Usage = 1;

    /// <summary>Missing folder, no classes, model not found or corrupt, invalid backbone spec, libtorch/CUDA missing for --device, full disk or unwritable output.</summary>
    public const int BadInput = 2;

    /// <summary>An unexpected exception.</summary>
    public const int Internal = 3;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it). Finished bottlenecks stay cached.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15), as cleanly as by Ctrl+C: finished bottlenecks stay cached, no model file is half-written.</summary>
    public const int Terminated = 143;
}
