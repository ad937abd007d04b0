namespace MLNetTransfer.Tests.Vision.Compatibility;

/// <summary>
/// A program shaped like ML.NET's default ImageClassification sample: only <c>using Microsoft.ML;</c> and
/// <c>using Microsoft.ML.Data;</c>, the trainer from the column-name overload with its defaults (ResnetV250), progress
/// read from MLContext.Log filtered on Vision's source. The image folder and a work folder come as arguments instead of
/// a download.
/// </summary>
internal static class DefaultSampleProgram
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using static Microsoft.ML.DataOperationsCatalog;

        namespace Samples.Dynamic
        {
            public class ImageClassificationDefault
            {
                public static void Main(string[] args)
                {
                    string fullImagesetFolderPath = args[0];
                    string modelPath = Path.Combine(args[1], "model.zip");

                    MLContext mlContext = new MLContext(seed: 1);
                    mlContext.Log += MlContext_Log;

                    IEnumerable<ImageData> images = LoadImagesFromDirectory(
                        folder: fullImagesetFolderPath, useFolderNameAsLabel: true);

                    IDataView shuffledFullImagesDataset = mlContext.Data.ShuffleRows(
                        mlContext.Data.LoadFromEnumerable(images));

                    // Labels become keys; the images are read as raw bytes into "Image".
                    shuffledFullImagesDataset = mlContext.Transforms.Conversion
                            .MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms
                            .ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                        .Append(mlContext.Transforms.LoadRawImageBytes("Image",
                                    fullImagesetFolderPath, "ImagePath"))
                        .Fit(shuffledFullImagesDataset)
                        .Transform(shuffledFullImagesDataset);

                    TrainTestData trainTestData = mlContext.Data.TrainTestSplit(
                        shuffledFullImagesDataset, testFraction: 0.1, seed: 1);
                    IDataView trainDataset = trainTestData.TrainSet;
                    IDataView testDataset = trainTestData.TestSet;

                    var pipeline = mlContext.MulticlassClassification.Trainers
                            .ImageClassification(featureColumnName: "Image")
                        .Append(mlContext.Transforms.Conversion.MapKeyToValue(
                            outputColumnName: "PredictedLabel",
                            inputColumnName: "PredictedLabel"));

                    Console.WriteLine("*** Training the image classification model ***");
                    var trainedModel = pipeline.Fit(trainDataset);
                    Console.WriteLine("Training with transfer learning finished.");

                    mlContext.Model.Save(trainedModel, shuffledFullImagesDataset.Schema, modelPath);

                    ITransformer loadedModel;
                    DataViewSchema schema;
                    using (var file = File.OpenRead(modelPath))
                        loadedModel = mlContext.Model.Load(file, out schema);

                    EvaluateModel(mlContext, testDataset, loadedModel);
                    TrySinglePrediction(fullImagesetFolderPath, mlContext, loadedModel);
                    Console.WriteLine("Prediction on a single image finished.");
                }

                private static void MlContext_Log(object sender, LoggingEventArgs e)
                {
                    if (e.Message.StartsWith("[Source=ImageClassificationTrainer;"))
                    {
                        Console.WriteLine(e.Message);
                    }
                }

                private static void TrySinglePrediction(string imagesForPredictions,
                    MLContext mlContext, ITransformer trainedModel)
                {
                    var predictionEngine = mlContext.Model
                        .CreatePredictionEngine<InMemoryImageData, ImagePrediction>(trainedModel);

                    IEnumerable<InMemoryImageData> testImages =
                        LoadInMemoryImagesFromDirectory(imagesForPredictions, true);
                    InMemoryImageData imageToPredict = new InMemoryImageData
                    {
                        Image = testImages.First().Image
                    };

                    var prediction = predictionEngine.Predict(imageToPredict);
                    Console.WriteLine($"Scores : [{string.Join(",", prediction.Score)}], " +
                        $"Predicted Label : {prediction.PredictedLabel}");
                }

                private static void EvaluateModel(MLContext mlContext,
                    IDataView testDataset, ITransformer trainedModel)
                {
                    Console.WriteLine("Making bulk predictions and evaluating model's quality...");
                    IDataView predictions = trainedModel.Transform(testDataset);
                    var metrics = mlContext.MulticlassClassification.Evaluate(predictions);
                    Console.WriteLine($"Micro-accuracy: {metrics.MicroAccuracy}," +
                                      $"macro-accuracy = {metrics.MacroAccuracy}");
                }

                public static IEnumerable<ImageData> LoadImagesFromDirectory(string folder,
                    bool useFolderNameAsLabel = true)
                {
                    foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).OrderBy(f => f))
                    {
                        if (Path.GetExtension(file) != ".jpg")
                            continue;
                        yield return new ImageData()
                        {
                            ImagePath = file,
                            Label = useFolderNameAsLabel ? Directory.GetParent(file).Name : Path.GetFileNameWithoutExtension(file)
                        };
                    }
                }

                public static IEnumerable<InMemoryImageData> LoadInMemoryImagesFromDirectory(string folder,
                    bool useFolderNameAsLabel = true)
                {
                    foreach (var image in LoadImagesFromDirectory(folder, useFolderNameAsLabel))
                    {
                        yield return new InMemoryImageData()
                        {
                            Image = File.ReadAllBytes(image.ImagePath),
                            Label = image.Label
                        };
                    }
                }

                public class InMemoryImageData
                {
                    [LoadColumn(0)]
                    public byte[] Image;

                    [LoadColumn(1)]
                    public string Label;
                }

                public class ImageData
                {
                    [LoadColumn(0)]
                    public string ImagePath;

                    [LoadColumn(1)]
                    public string Label;
                }

                public class ImagePrediction
                {
                    [ColumnName("Score")]
                    public float[] Score;

                    [ColumnName("PredictedLabel")]
                    public string PredictedLabel;
                }
            }
        }
        """;
}
