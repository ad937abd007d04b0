using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Prediction;
using MLNetTransfer.Runtime;
using MLNetTransfer.Torch;
using MLNetTransfer.Training;

namespace MLNetTransfer.Cli.App;

/// <summary>Turns an exception that escaped a command into a message and an exit code.</summary>
public static class ErrorReporter
{
    public static int Report(Exception exception, Ui ui)
    {
        if (exception is OperationCanceledException)
        {
            ui.Fail("Interrupted. Every bottleneck computed so far is cached: run the same command again to resume.");
            return ExitCodes.Interrupted;
        }
        var code = Classify(exception);
        var message = code == ExitCodes.Internal ? exception.Message : MessageOf(exception);
        ui.Fail(message);
        if (code == ExitCodes.Internal)
        {
            if (ui.Verbose)
                ui.Error.WriteLine(exception.ToString());
            else
                ui.Error.WriteLine("This is a bug or an unexpected condition; run again with --verbose to see the stack trace.");
        }
        else if (ui.Verbose)
        {
            ui.Error.WriteLine(exception.ToString());
        }
        else if (Find<TorchUnavailableException>(exception) is not null)
        {
            ui.Error.WriteLine("Without --device, train runs on ONNX Runtime on the CPU and needs no libtorch (docs/torch-engine.md). " +
                "Run again with --verbose to see TorchSharp's native loader trace.");
        }
        return code;
    }

    public static int Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case UsageException:
                    return ExitCodes.Usage;
                case BadInputException or DirectoryNotFoundException or FileNotFoundException or InvalidDataException
                    or BackboneDownloadException or ImagePredictionException or TorchUnavailableException
                    or ExecutionDeviceUnavailableException or HeadTrainingException:
                    return ExitCodes.BadInput;
                // A full disk or an unwritable output folder: the machine, not a bug; the message names the file.
                case IOException or UnauthorizedAccessException:
                    return ExitCodes.BadInput;
            }
        }
        return ExitCodes.Internal;
    }

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
                return found;
        }
        return null;
    }

    // The innermost exception that explains bad input; ML.NET often wraps it in its own.
    private static string MessageOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is UsageException or BadInputException or DirectoryNotFoundException or FileNotFoundException
                or InvalidDataException or BackboneDownloadException or ImagePredictionException or TorchUnavailableException
                or ExecutionDeviceUnavailableException or HeadTrainingException
                or IOException or UnauthorizedAccessException)
                return e.Message;
        }
        return exception.Message;
    }
}
