using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Scoring;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

/// <summary>A plain ML.NET program can tell which score is which class, as with ML.NET's own multiclass trainers.</summary>
public class ScoreSlotNamesTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    public sealed class ImageInput
    {
        public byte[] Image { get; set; } = [];
    }

    public sealed class ImageOutput
    {
        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void A_saved_model_names_each_score_slot_after_its_class_for_a_plain_prediction_engine()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Fit(train);
        var path = fixture.Dir.Combine("slot-names", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ml.Model.Save(model, train.Schema, path);

        var fresh = new MLContext();
        var loaded = fresh.Model.Load(path, out _);
        var engine = fresh.Model.CreatePredictionEngine<ImageInput, ImageOutput>(loaded);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        engine.OutputSchema["Score"].GetSlotNames(ref names);

        names.DenseValues().Select(n => n.ToString()).Should().Equal("blue", "green", "red");
        var red = Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "red"))[0];
        var scores = engine.Predict(new ImageInput { Image = File.ReadAllBytes(red) }).Score;
        names.GetItemOrDefault(Array.IndexOf(scores, scores.Max())).ToString().Should().Be("red");
        loaded.Transform(train).Schema.Select(c => c.Name).Should().NotContain(n => n.StartsWith("__MLNetTransfer_") || n == "blue");
    }

    [Fact]
    public void Names_more_classes_than_one_split_holds_and_keeps_every_score_value()
    {
        var ml = new MLContext();
        var classes = Enumerable.Range(0, ScoreSlots.Count + 9).Select(i => $"class {i}").ToArray();
        var rows = new[] { new VectorRow { Score = Enumerable.Range(0, classes.Length).Select(i => i / 100f).ToArray() } };
        var data = ml.Data.LoadFromEnumerable(rows, SchemaDefinition.Create(typeof(VectorRow)).WithVectorSize(classes.Length));
        var (steps, helpers) = ScoreSlotNames.Create(ml, "Score", classes, ["Score"])!.Value;

        var output = steps.Append(ml.Transforms.DropColumns([.. helpers])).Fit(data).Transform(data);

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        output.Schema["Score"].GetSlotNames(ref names);
        names.DenseValues().Select(n => n.ToString()).Should().Equal(classes);
        output.GetColumn<float[]>("Score").Single().Should().Equal(rows[0].Score);
    }

    [Fact]
    public void A_class_named_like_a_pipeline_column_leaves_the_scores_unnamed_rather_than_hiding_that_column()
    {
        ScoreSlotNames.Create(new MLContext(), "Score", ["cat", "Image"], ["Score", "Image"]).Should().BeNull();
    }

    public sealed class VectorRow
    {
        public float[] Score { get; set; } = [];
    }
}

internal static class SchemaDefinitionExtensions
{
    public static SchemaDefinition WithVectorSize(this SchemaDefinition definition, int size)
    {
        definition["Score"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return definition;
    }
}
