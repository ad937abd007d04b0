using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Data;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Prediction;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>What scoring a labelled folder produced: the scored images and the files that could not be scored.</summary>
public sealed record ScoredFolder(IReadOnlyList<ScoredImage> Scored, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Scores every image of a folder-per-class dataset with a model, in parallel (the pool is thread-safe). A bad
/// image is recorded with its reason and skipped; a class the model does not know stops the run.
/// </summary>
public static class FolderScorer
{
    public static ScoredFolder Score(ImageClassifierPool pool, ImageFolderDataset dataset, Ui ui, string label)
    {
        var unknown = dataset.Classes.Where(c => !pool.Classes.Contains(c)).ToArray();
        if (unknown.Length > 0)
        {
            throw new BadInputException(
                $"The data folder '{dataset.Root}' has classes the model does not know: {string.Join(", ", unknown.Select(c => $"'{c}'"))}. " +
                $"The model's classes: {string.Join(", ", pool.Classes)}.");
        }

        var images = dataset.Images;
        var results = new ScoredImage?[images.Count];
        var failures = new SkippedFile?[images.Count];
        var progress = ui.Progress(label, images.Count, "images");
        var done = 0;
        var gate = new object();
        Parallel.For(0, images.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var image = images[i];
            try
            {
                var prediction = pool.PredictFile(image.ImagePath);
                results[i] = new ScoredImage(image.ImagePath, IndexOf(pool.Classes, image.Label), prediction.Scores);
            }
            catch (ImagePredictionException e)
            {
                failures[i] = new SkippedFile(image.ImagePath, e.Reason);
            }
            lock (gate)
                progress.Report(++done);
        });
        progress.Finish(done);

        var skipped = dataset.Ignored.Select(SkippedFile.From).Concat(failures.OfType<SkippedFile>()).ToArray();
        return new ScoredFolder(results.OfType<ScoredImage>().ToArray(), skipped);
    }

    private static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i] == name)
                return i;
        }
        return -1;
    }
}
