using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Training;
using Xunit.Abstractions;

namespace MLNetTransfer.Tests.Training;

/// <summary>Sanity check of the defaults: on a harder problem the head should match ML.NET's L-BFGS maximum entropy.</summary>
public sealed class LbfgsComparisonTests(ITestOutputHelper output)
{
    private const int FeatureCount = 64;

    private sealed class Row
    {
        public uint Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        public uint PredictedClass { get; set; }
    }

    [Fact]
    public void HeldOutAccuracyIsCloseToLbfgsMaximumEntropy()
    {
        // Overlapping clusters: neither trainer can get near 100%, so the comparison means something.
        var source = new SyntheticClasses(classCount: 6, FeatureCount, separation: 3.5f, seed: 11);
        var train = source.Sample(1200, seed: 12);
        var test = source.Sample(3000, seed: 13);

        var ours = SoftmaxHeadTrainer.Train(train.Features, train.Labels, FeatureCount, source.ClassCount, new HeadTrainingOptions());
        double oursAccuracy = HeadEvaluation.Accuracy(ours.Head, test);
        double lbfgsAccuracy = LbfgsAccuracy(train, test);
        output.WriteLine($"held-out accuracy: head {oursAccuracy:F4}, L-BFGS maximum entropy {lbfgsAccuracy:F4}");

        lbfgsAccuracy.Should().BeInRange(0.6, 0.97, "the problem must be neither trivial nor hopeless");
        oursAccuracy.Should().BeGreaterThanOrEqualTo(lbfgsAccuracy - 0.02);
    }

    private static double LbfgsAccuracy(LabeledData train, LabeledData test)
    {
        var ml = new MLContext(seed: 1);
        // The vector size is only known at run time, so it goes into the schema rather than an attribute.
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, train.FeatureCount);
        var trainView = ml.Data.LoadFromEnumerable(ToRows(train), schema);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "LabelKey"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel"));
        var model = pipeline.Fit(trainView);
        var predictions = ml.Data.CreateEnumerable<Prediction>(model.Transform(ml.Data.LoadFromEnumerable(ToRows(test), schema)), reuseRowObject: false);
        int correct = 0, i = 0;
        foreach (var prediction in predictions)
        {
            if (prediction.PredictedClass == (uint)test.Labels[i])
                correct++;
            i++;
        }
        return (double)correct / test.Count;
    }

    private static List<Row> ToRows(LabeledData data)
    {
        var rows = new List<Row>(data.Count);
        for (int i = 0; i < data.Count; i++)
            rows.Add(new Row { Label = (uint)data.Labels[i], Features = data.Row(i).ToArray() });
        return rows;
    }
}
