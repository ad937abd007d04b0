using System.CommandLine;
using MLNetTransfer.Cli.Commands.Backbones;
using MLNetTransfer.Cli.Commands.Codegen;
using MLNetTransfer.Cli.Commands.Evaluate;
using MLNetTransfer.Cli.Commands.Inspect;
using MLNetTransfer.Cli.Commands.Predict;
using MLNetTransfer.Cli.Commands.SampleData;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.App;

/// <summary>The commands of mlnet-transfer and their flags.</summary>
public static class CommandTree
{
    public static RootCommand Build(Ui ui)
    {
        var root = new RootCommand("mlnet-transfer: transfer learning for image classification with ML.NET and ONNX backbones.");
        root.Options.Add(new Option<bool>("--verbose") { Description = "Print stack traces of errors.", Recursive = true });
        root.Subcommands.Add(TrainCommand.Create(ui));
        root.Subcommands.Add(EvaluateCommand.Create(ui));
        root.Subcommands.Add(PredictCommand.Create(ui));
        root.Subcommands.Add(InspectCommand.Create(ui));
        root.Subcommands.Add(BackbonesCommand.Create(ui));
        root.Subcommands.Add(CodegenCommand.Create(ui));
        root.Subcommands.Add(SampleDataCommand.Create(ui));
        return root;
    }
}
