namespace MLNetTransfer.Tests.Vision.Compatibility;

/// <summary>
/// A program shaped like ML.NET's learning-rate scheduling sample, moved by changing <c>using Microsoft.ML.Vision;</c>
/// to <c>using MLNetTransfer.Vision;</c> beside <c>using Microsoft.ML.Trainers;</c>: ML.NET's own LsrDecay,
/// ExponentialLRDecay and PolynomialLRDecay, one training each, metrics printed by the callback.
/// </summary>
internal static class SchedulerSampleProgram
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using Microsoft.ML.Trainers;
        using MLNetTransfer.Vision;

        namespace Samples.Dynamic
        {
            public class LearningRateSchedulingTransferLearning
            {
                public static void Main(string[] args)
                {
                    string fullImagesetFolderPathTrain = args[0];
                    string fullImagesetFolderPathTest = args[1];

                    MLContext mlContext = new MLContext(seed: 1);

                    IDataView trainDataset = Prepare(mlContext, fullImagesetFolderPathTrain);
                    IDataView testDataset = Prepare(mlContext, fullImagesetFolderPathTest);

                    var exponential = new ExponentialLRDecay(learningRate: 0.05f, numEpochsPerDecay: 1, decayRate: 0.5f);
                    var schedulers = new List<(string Name, LearningRateScheduler Scheduler)>
                    {
                        ("LsrDecay", new LsrDecay()),
                        ("ExponentialLRDecay", exponential),
                        ("PolynomialLRDecay", new PolynomialLRDecay(learningRate: 0.05f, numEpochsPerDecay: 2, endLearningRate: 0.001f)),
                    };

                    foreach (var (name, scheduler) in schedulers)
                    {
                        Console.WriteLine($"*** {name} ***");
                        var options = new ImageClassificationTrainer.Options()
                        {
                            FeatureColumnName = "Image",
                            LabelColumnName = "Label",
                            Arch = ImageClassificationTrainer.Architecture.ResnetV2101,
                            Epoch = 4,
                            BatchSize = 10,
                            LearningRate = 0.01f,
                            MetricsCallback = (metrics) => Console.WriteLine(metrics),
                            ValidationSet = testDataset,
                            ReuseValidationSetBottleneckCachedValues = false,
                            ReuseTrainSetBottleneckCachedValues = false,
                            LearningRateScheduler = scheduler
                        };

                        var pipeline = mlContext.MulticlassClassification.Trainers
                            .ImageClassification(options)
                            .Append(mlContext.Transforms.Conversion.MapKeyToValue(
                                outputColumnName: "PredictedLabel",
                                inputColumnName: "PredictedLabel"));

                        var trainedModel = pipeline.Fit(trainDataset);
                        var metrics = mlContext.MulticlassClassification.Evaluate(trainedModel.Transform(testDataset));
                        Console.WriteLine($"Micro-accuracy: {metrics.MicroAccuracy}");
                    }

                    Console.WriteLine($"ExponentialLRDecay GlobalStep: {exponential.GlobalStep}, DecaySteps: {exponential.DecaySteps}");
                }

                private static IDataView Prepare(MLContext mlContext, string folder)
                {
                    IDataView images = mlContext.Data.LoadFromEnumerable(LoadImagesFromDirectory(folder));
                    return mlContext.Transforms.Conversion
                            .MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms
                            .ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                        .Append(mlContext.Transforms.LoadRawImageBytes("Image", folder, "ImagePath"))
                        .Fit(images)
                        .Transform(images);
                }

                public static IEnumerable<ImageData> LoadImagesFromDirectory(string folder)
                {
                    foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).OrderBy(f => f))
                    {
                        if (Path.GetExtension(file) != ".jpg" && Path.GetExtension(file) != ".png")
                            continue;
                        yield return new ImageData() { ImagePath = file, Label = Directory.GetParent(file).Name };
                    }
                }

                public class ImageData
                {
                    [LoadColumn(0)]
                    public string ImagePath;

                    [LoadColumn(1)]
                    public string Label;
                }
            }
        }
        """;
}
