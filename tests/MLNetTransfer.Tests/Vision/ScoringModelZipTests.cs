using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Onnx;
using MLNetTransfer.Scoring;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

public class ScoringModelZipTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    [Fact]
    public void A_model_saved_around_the_stand_in_holds_the_entries_of_mlnets_own_save_byte_for_byte()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        ITransformer PipelineFor(byte[] graph) => model.RebuildTransformer!("Image", false, train, graph);

        using var swapped = new MemoryStream();
        var fast = ScoringModelZip.Write(ml, model.ClassifierOnnx, PipelineFor, train.Schema, swapped);
        using var own = new MemoryStream();
        ml.Model.Save(PipelineFor(model.ClassifierOnnx), train.Schema, own);

        fast.Should().BeTrue("ML.NET's saved form is the one the swap knows");
        var expected = Entries(own);
        var actual = Entries(swapped);
        actual.Keys.Should().Equal(expected.Keys);
        foreach (var (name, bytes) in expected)
            actual[name].Should().Equal(bytes, name);
        expected.Values.Should().Contain(bytes => bytes.Length == model.ClassifierOnnx.Length + sizeof(int),
            "one entry holds the classifier graph, so the comparison covered it");
    }

    [Fact]
    public void Saving_before_the_transformer_is_built_gives_a_model_that_scores_as_the_trained_one()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        var path = fixture.Dir.Combine("stand-in-save", "model.zip");

        model.Save(ml, train.Schema, path);

        using (var zip = ZipFile.OpenRead(path))
        {
            zip.Entries.Should().Contain(e => e.Length == model.ClassifierOnnx.Length + sizeof(int) && e.CompressedLength == e.Length,
                "the classifier's entry is the trained graph, stored");
        }
        var loaded = new MLContext().Model.Load(path, out _);
        var expected = model.Transformer.Transform(validation).GetColumn<float[]>("Score").ToArray();
        var actual = loaded.Transform(validation).GetColumn<float[]>("Score").ToArray();
        actual.Should().HaveCount(expected.Length);
        for (var i = 0; i < expected.Length; i++)
            actual[i].Should().Equal(expected[i], (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    [Fact]
    public void A_saved_form_the_swap_does_not_know_is_saved_by_mlnet_itself()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        // A pipeline that ignores the graph it is handed: the template holds no stand-in to swap.
        ITransformer RealGraphOnly(byte[] _) => model.RebuildTransformer!("Image", false, train, model.ClassifierOnnx);

        using var saved = new MemoryStream();
        var fast = ScoringModelZip.Write(ml, model.ClassifierOnnx, RealGraphOnly, train.Schema, saved);

        fast.Should().BeFalse();
        saved.Position = 0;
        var loaded = new MLContext().Model.Load(saved, out _);
        loaded.Transform(validation).GetColumn<uint>("PredictedLabel").Should()
            .Equal(model.Transformer.Transform(validation).GetColumn<uint>("PredictedLabel"));
    }

    [Fact]
    public void The_stand_in_declares_the_classifiers_input_and_output_and_runs_on_onnx_runtime()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var classifier = new ImageClassificationTrainer(ml, fixture.Options()).Train(train).ClassifierOnnx;

        var standIn = StandInClassifier.For(classifier);

        var real = OnnxModelDocument.Parse(classifier, "classifier");
        var stand = OnnxModelDocument.Parse(standIn, "stand-in");
        stand.Inputs.Select(i => i.Raw.ToArray()).Should().BeEquivalentTo(real.Inputs.Select(i => i.Raw.ToArray()), o => o.WithStrictOrdering());
        stand.Outputs.Select(o => o.Raw.ToArray()).Should().BeEquivalentTo(real.Outputs.Select(o => o.Raw.ToArray()), o => o.WithStrictOrdering());
        stand.Nodes.Should().HaveCount(3);
        using var session = new InferenceSession(standIn);
        var dims = real.Inputs[0].Info.Dims.Select(d => d > 0 ? d : 2).ToArray();
        using var pixels = OrtValue.CreateTensorValueFromMemory(new float[dims.Aggregate(1L, (a, b) => a * b)], dims);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [BackboneGraphBuilder.PixelsInput], [pixels], [BackboneGraphBuilder.ScoreOutput]);
        outputs[0].GetTensorTypeAndShape().Shape.Should().Equal(dims[0], real.Outputs[0].Info.Dims[1]);
    }

    private static Dictionary<string, byte[]> Entries(MemoryStream zipBytes)
    {
        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read, leaveOpen: true);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }
}
