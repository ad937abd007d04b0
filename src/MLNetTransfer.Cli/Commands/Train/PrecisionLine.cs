using MLNetTransfer.Cli.Output;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>What --precision int8 did, and int8 against float32 on the validation images.</summary>
public static class PrecisionLine
{
    public static void Print(Ui ui, PrecisionReport? report)
    {
        if (report is null)
            return;
        ui.Line(report.Note);
        if (report.Float32Accuracy is { } f && report.Int8Accuracy is { } i)
            ui.Line($"Int8 against float32 on {report.ComparedImages} validation images: accuracy {i:P1} against {f:P1} (same head).");
        // A loss above the tolerance is among the run's warnings, printed with the others.
    }
}
