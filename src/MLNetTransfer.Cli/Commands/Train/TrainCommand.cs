using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>The train command: the flags of <see cref="TrainFlags"/>, each also a key of --config FILE.</summary>
public static class TrainCommand
{
    public static Command Create(Ui ui)
    {
        var config = new Option<string?>("--config") { Description = "JSON file with these settings (keys: the flag names in camelCase); flags override it." };

        var command = new Command("train", HelpText.WithExamples(
            "Train an image classifier on a folder of images, one sub-folder per class (or a path,label list).",
            "mlnet-transfer train --data photos/train --validation photos/val --output out",
            "mlnet-transfer train --data photos --validation-fraction 0.2 --arch MobilenetV2 --epochs 50 --output out",
            "mlnet-transfer train --data train.csv --validation val.csv --backbone my.onnx --output out",
            "mlnet-transfer train --data photos/train --validation photos/val --precision int8 --output out",
            "mlnet-transfer train --data photos/train --validation photos/val --backbone mobilenet.onnx --arch ResNet18 --output out",
            "mlnet-transfer train --data photos --views 4 --refit false --output out",
            "mlnet-transfer train --config train.json --output out --device cuda --unfreeze 2"))
        {
            config,
        };
        foreach (var flag in TrainFlags.All)
            command.Add(flag.Option);
        command.SetAction(parse =>
        {
            var flags = TrainFlags.All.Aggregate(new TrainSettings(), (settings, flag) => flag.ReadFlag(parse, settings));
            var configPath = parse.GetValue(config);
            var settings = configPath is null ? flags : TrainConfigFile.Load(configPath).OverriddenBy(flags);
            return TrainRun.Execute(ui, ResolvedTrainSettings.From(settings));
        });
        return command;
    }
}
