using System.CommandLine;
using System.CommandLine.Help;
using MLNetTransfer.Cli.Commands.Backbones;
using MLNetTransfer.Cli.Commands.Codegen;
using MLNetTransfer.Cli.Commands.Evaluate;
using MLNetTransfer.Cli.Commands.Featurize;
using MLNetTransfer.Cli.Commands.Inspect;
using MLNetTransfer.Cli.Commands.Predict;
using MLNetTransfer.Cli.Commands.SampleData;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Commands.Worker;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.App;

/// <summary>The commands of mlnet-transfer and their flags.</summary>
public static class CommandTree
{
    /// <summary>The tool's command name, as installed and as help and usage lines print it.</summary>
    public const string ToolName = "mlnet-transfer";

    public static Command Build(Ui ui)
    {
        // A RootCommand names itself after the file that started the process (MLNetTransfer.Cli.dll, or a test host),
        // so the root is a plain command with the tool's own name, given the two options a RootCommand would add.
        var root = new Command(ToolName, "mlnet-transfer: transfer learning for image classification with ML.NET and ONNX backbones.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(new Option<bool>("--verbose") { Description = "Print stack traces of errors.", Recursive = true });
        root.Subcommands.Add(TrainCommand.Create(ui));
        root.Subcommands.Add(FeaturizeCommand.Create(ui));
        root.Subcommands.Add(WorkerCommand.Create(ui));
        root.Subcommands.Add(EvaluateCommand.Create(ui));
        root.Subcommands.Add(PredictCommand.Create(ui));
        root.Subcommands.Add(InspectCommand.Create(ui));
        root.Subcommands.Add(BackbonesCommand.Create(ui));
        root.Subcommands.Add(CodegenCommand.Create(ui));
        root.Subcommands.Add(SampleDataCommand.Create(ui));
        return root;
    }
}
