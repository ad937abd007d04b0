using Microsoft.ML;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Data;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// The scanned folders and the data views the trainer reads: ImagePath, Label → LabelKey (one key mapping, fitted on
/// the train set, for both sets). The trainer reads each file through ImageFileReader (regular files only, size
/// capped, a failure is one skipped image); the saved model takes the encoded bytes in <see cref="ImageColumn"/>.
/// </summary>
public sealed record TrainingData(ImageFolderDataset Train, ImageFolderDataset? Validation, IDataView TrainView, IDataView? ValidationView)
{
    /// <summary>The saved model's input: encoded image bytes.</summary>
    public const string ImageColumn = "Image";

    /// <summary>What the trainer reads: file paths.</summary>
    public const string PathColumn = "ImagePath";
    public const string LabelKeyColumn = "LabelKey";

    public static TrainingData Load(MLContext mlContext, string trainFolder, string? validationFolder)
    {
        var train = DatasetInput.Load(trainFolder, "--data", DatasetUse.Training);
        if (train.Images.Count == 0)
            throw new BadInputException($"Dataset '{train.Root}' has classes ({string.Join(", ", train.Classes)}) but no image files.");
        // A validation folder written in the other Unicode normalisation (NFD on macOS) still matches its classes.
        var validation = validationFolder is null ? null
            : DatasetInput.Load(validationFolder, "--validation", DatasetUse.Training).SpelledAs(train.Classes);
        if (validation is not null)
        {
            var unknown = validation.Classes.Where(c => !train.Classes.Contains(c) && validation.Images.Any(i => i.Label == c)).ToArray();
            if (unknown.Length > 0)
            {
                throw new BadInputException($"Validation folder '{validation.Root}' has classes the train folder lacks: " +
                    $"{string.Join(", ", unknown.Select(c => $"'{c}'"))}.");
            }
        }

        var trainRows = train.ToDataView(mlContext);
        var prepare = mlContext.Transforms.Conversion.MapValueToKey(LabelKeyColumn, "Label").Fit(trainRows);
        return new TrainingData(train, validation, prepare.Transform(trainRows),
            validation is null ? null : prepare.Transform(validation.ToDataView(mlContext)));
    }
}
