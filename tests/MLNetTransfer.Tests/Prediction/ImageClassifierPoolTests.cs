using Microsoft.ML;
using MLNetTransfer.Prediction;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Prediction;

// Measures the process's memory: nothing else may run meanwhile.
[Collection(ProcessWideCollection.Name)]
public class ImageClassifierPoolTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private string SavedModel()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Fit(train);
        var path = fixture.Dir.Combine("pool", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ml.Model.Save(model, train.Schema, path);
        return path;
    }

    [Fact]
    public void Predictions_from_many_threads_equal_the_serial_ones()
    {
        var pool = ImageClassifierPool.Load(SavedModel());
        var files = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order().ToArray();
        var serial = files.Select(pool.PredictFile).ToArray();

        var parallel = new ImagePrediction[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            // Each worker walks the files in its own order, so engines are shared across different images.
            var order = Enumerable.Range(0, files.Length).ToArray();
            new Random(worker).Shuffle(order);
            var results = new ImagePrediction[files.Length];
            foreach (var i in order)
                results[i] = pool.PredictFile(files[i]);
            parallel[worker] = results;
        });

        pool.Classes.Should().Equal("blue", "green", "red");
        foreach (var run in parallel)
        {
            for (var i = 0; i < files.Length; i++)
            {
                run[i].PredictedLabel.Should().Be(serial[i].PredictedLabel);
                run[i].Scores.Should().Equal(serial[i].Scores);
            }
        }
        serial.Count(p => Path.GetFileName(Path.GetDirectoryName(files[Array.IndexOf(serial, p)]))! == p.PredictedLabel)
            .Should().BeGreaterThan(files.Length * 9 / 10);
    }

    [Fact]
    public void Memory_stays_steady_over_thousands_of_concurrent_predictions()
    {
        var pool = ImageClassifierPool.Load(SavedModel());
        var images = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        void Load(int perThread) => Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (var i = 0; i < perThread; i++)
                pool.Predict(images[(worker + i) % images.Length]);
        });

        // Warm-up: engines, ONNX Runtime arenas, JIT, and the GC's working set: ML.NET's ONNX step copies each input
        // tensor into a new array, which for a 96x96 input lands on the large-object heap, so the GC commits some
        // memory before it reaches its steady state. What is measured after that is growth per prediction.
        Load(300);
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var processBefore = System.Diagnostics.Process.GetCurrentProcess().PrivateMemorySize64;
        Load(300);  // 2400 predictions
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var processAfter = System.Diagnostics.Process.GetCurrentProcess().PrivateMemorySize64;

        (managedAfter - managedBefore).Should().BeLessThan(8 << 20, "nothing accumulates per prediction on the managed heap");
        (processAfter - processBefore).Should().BeLessThan(96 << 20, "native memory (decoder, ONNX Runtime) does not grow per prediction");
    }

    [Fact]
    public void A_bad_image_gets_its_name_and_reason_and_the_pool_keeps_working()
    {
        var pool = ImageClassifierPool.Load(SavedModel());
        var bad = fixture.Dir.Combine("pool", "notes.jpg");
        File.WriteAllText(bad, "hello");
        var good = Directory.GetFiles(Path.Combine(fixture.ValidationFolder, "red")).First();

        var act = () => pool.PredictFile(bad);

        act.Should().Throw<ImagePredictionException>()
            .Which.Should().Match<ImagePredictionException>(e => e.Name == bad && e.Reason.Contains("text, not an image"));
        pool.PredictFile(good).PredictedLabel.Should().Be("red");
        pool.PredictFile(good).Top(2).Should().HaveCount(2).And.BeInDescendingOrder(p => p.Score);
    }
}
