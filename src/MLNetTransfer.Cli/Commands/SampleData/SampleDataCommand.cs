using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.SampleData;

/// <summary>
/// Hidden <c>sample-data --output DIR</c>: writes the small synthetic dataset committed as assets/sample (train/ and
/// val/, one folder per shape). Seeded, so the same command rewrites the same images.
/// </summary>
public static class SampleDataCommand
{
    public static Command Create(Ui ui)
    {
        var output = new Option<string>("--output") { Description = "Folder to write train/ and val/ into.", Required = true };
        var train = new Option<int>("--train-per-class") { DefaultValueFactory = _ => 15 };
        var validation = new Option<int>("--val-per-class") { DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        var command = new Command("sample-data", HelpText.WithExamples(
            "Write a small synthetic image dataset of shapes.",
            "mlnet-transfer sample-data --output shapes")) { output, train, validation, seed };
        command.Hidden = true;
        command.SetAction(parse => Run(ui, parse.GetValue(output)!, parse.GetValue(train), parse.GetValue(validation), parse.GetValue(seed)));
        return command;
    }

    public static int Run(Ui ui, string outputFolder, int trainPerClass, int validationPerClass, int seed)
    {
        var random = new Random(seed);
        var written = 0;
        foreach (var (split, count) in new[] { ("train", trainPerClass), ("val", validationPerClass) })
        {
            foreach (var shape in ShapePainter.Classes)
            {
                var folder = Directory.CreateDirectory(Path.Combine(outputFolder, split, shape)).FullName;
                for (var i = 0; i < count; i++)
                {
                    File.WriteAllBytes(Path.Combine(folder, $"{shape}_{i:D2}.jpg"), ShapePainter.Paint(shape, random));
                    written++;
                }
            }
        }
        ui.Line($"Wrote {written} images to {Path.GetFullPath(outputFolder)}");
        return ExitCodes.Success;
    }
}
