using MLNetTransfer.Cli.Output;
using MLNetTransfer.Engines;
using MLNetTransfer.Torch;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// The engine --engine asks for: null for ONNX Runtime (the trainer's own featurizer, on --device), else the
/// TorchSharp engine on --device, checked before any data is read so a missing libtorch or CUDA fails at once
/// (TorchUnavailableException: exit 2), never on the CPU.
/// </summary>
public static class TrainEngine
{
    public static IBackboneEngine? Create(ResolvedTrainSettings settings, Ui ui)
    {
        if (!settings.UsesTorch)
            return null;
        var engine = new TorchBackboneEngine(new TorchEngineOptions { Device = settings.Device ?? "cpu" });
        engine.EnsureAvailable();
        ui.Line(settings.Unfreeze > 0
            ? $"Engine: {engine.Name}, fine-tuning the last {settings.Unfreeze} block(s) (no bottleneck cache; training pixels held in memory)"
            : $"Engine: {engine.Name}, head only (no bottleneck cache)");
        return engine;
    }
}
