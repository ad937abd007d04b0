using MLNetTransfer.Cli.Output;
using MLNetTransfer.Engines;
using MLNetTransfer.Torch;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// The engine --device asks for: null (ONNX Runtime) without it, else the TorchSharp engine, checked before any
/// data is read so a missing libtorch or CUDA fails at once (TorchUnavailableException: exit 2), never on the CPU.
/// </summary>
public static class TrainEngine
{
    public static IBackboneEngine? Create(ResolvedTrainSettings settings, Ui ui)
    {
        if (settings.Device is not { } device)
            return null;
        var engine = new TorchBackboneEngine(new TorchEngineOptions { Device = device });
        engine.EnsureAvailable();
        ui.Line(settings.Unfreeze > 0
            ? $"Engine: {engine.Name}, fine-tuning the last {settings.Unfreeze} block(s) (no bottleneck cache; training pixels held in memory)"
            : $"Engine: {engine.Name}, head only (no bottleneck cache)");
        return engine;
    }
}
