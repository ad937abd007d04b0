using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.CodeGeneration;
using MLNetTransfer.Prediction;

namespace MLNetTransfer.Cli.Commands.Codegen;

/// <summary><c>codegen --model DIR|ZIP --output DIR</c>: the consumption code and README for an app.</summary>
public static class CodegenCommand
{
    public static Command Create(Ui ui)
    {
        var model = new Option<string>("--model") { Description = "A model.zip, or the train output folder holding one.", Required = true };
        var output = new Option<string>("--output") { Description = "Folder for the generated files.", Required = true };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the generated code.", DefaultValueFactory = _ => "ImageClassification" };
        var className = new Option<string>("--class-name") { Description = "Name of the static predict class.", DefaultValueFactory = _ => "ImageClassifier" };
        var force = new Option<bool>("--force") { Description = "Replace generated files already in --output (without it, existing files are an error)." };
        var command = new Command("codegen", HelpText.WithExamples(
            "Write C# code that loads the model and predicts, to paste into an app.",
            "mlnet-transfer codegen --model out --output consumption",
            "mlnet-transfer codegen --model out --output src/MyApp/Vision --namespace MyApp.Vision --class-name FlowerClassifier --force")) { model, output, ns, className, force };
        command.SetAction(parse => Run(ui, parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(ns)!, parse.GetValue(className)!, parse.GetValue(force)));
        return command;
    }

    public static int Run(Ui ui, string modelArgument, string outputFolder, string ns, string className, bool force = false)
    {
        var modelPath = ModelLocator.Resolve(modelArgument);
        // Loading proves the model is usable and gives the class names in score order.
        var pool = ImageClassifierPool.Load(modelPath);
        if (pool.ReadsPaths)
            throw new BadInputException($"Model '{modelPath}' reads image paths, not bytes; codegen writes code for models that take image bytes (as train saves them).");
        IReadOnlyList<GeneratedFile> files;
        try
        {
            files = ConsumptionCodeGenerator.Generate(new ConsumptionCodeOptions
            {
                ClassNames = pool.Classes,
                Namespace = ns,
                ClassName = className,
                ImageColumnName = pool.ImageColumnName,
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var existing = files.Select(f => Path.GetFullPath(Path.Combine(outputFolder, f.Name))).Where(File.Exists).ToArray();
        if (existing.Length > 0 && !force)
        {
            throw new BadInputException($"codegen would overwrite {string.Join(", ", existing)}; " +
                "pass --force to replace them, or choose another --output.");
        }

        Directory.CreateDirectory(outputFolder);
        foreach (var file in files)
        {
            var path = Path.Combine(outputFolder, file.Name);
            AtomicFile.WriteAllText(path, file.Content);
            ui.Line($"Wrote {Path.GetFullPath(path)}");
        }
        return ExitCodes.Success;
    }
}
