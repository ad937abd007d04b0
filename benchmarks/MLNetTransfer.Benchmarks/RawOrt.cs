using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Benchmarks;

/// <summary>Plain ONNX Runtime on tensors decoded beforehand: what the backbone alone can do on this machine.</summary>
internal static class RawOrt
{
    /// <summary>Intra-op threads per Run, images per Run, spinning, and how many Run calls go on at once on the one session.</summary>
    public sealed record Layout(int Threads, int Batch, bool Spinning, int Concurrent = 1)
    {
        public override string ToString() =>
            $"{(Concurrent > 1 ? $"{Concurrent} concurrent runs x " : "")}{Threads} thread{(Threads > 1 ? "s" : "")}, batch {Batch}{(Spinning ? "" : ", no spinning")}";
    }

    public static SessionOptions Options(int threads, bool spinning)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (!spinning)
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Decodes and preprocesses images exactly as the featurizer does, into one planar tensor per image.</summary>
    public static float[] Decode(BottleneckFeaturizer featurizer, IReadOnlyList<string> paths)
    {
        var pixels = featurizer.Preprocessing.PixelCount;
        var tensors = new float[paths.Count * pixels];
        Parallel.For(0, paths.Count, i =>
        {
            var decoded = Images.ImageDecoder.Decode(File.ReadAllBytes(paths[i]), featurizer.Preprocessing.DecodeOptions);
            featurizer.Preprocessing.Extract([decoded], tensors.AsSpan(i * pixels, pixels));
        });
        return tensors;
    }

    /// <summary>Images per second through the backbone file's 'features' output at one thread layout and batch size.</summary>
    public static double Throughput(string modelPath, string input, string output, float[] tensors, int pixelCount, int images, Layout layout)
    {
        using var options = Options(layout.Threads, layout.Spinning);
        using var session = new InferenceSession(modelPath, options);
        var available = tensors.Length / pixelCount;
        void RunBatch(int first, int count)
        {
            var shape = new long[] { count, 3, 224, 224 };
            var start = first % Math.Max(1, available - count + 1);
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                tensors.AsMemory(start * pixelCount, count * pixelCount), shape);
            using var run = new RunOptions();
            using var outputs = session.Run(run, [input], [value], [output]);
        }

        RunBatch(0, layout.Batch);
        RunBatch(layout.Batch, layout.Batch);
        var clock = Stopwatch.StartNew();
        var next = 0;
        Parallel.For(0, layout.Concurrent, new ParallelOptions { MaxDegreeOfParallelism = layout.Concurrent }, _ =>
        {
            int first;
            while ((first = Interlocked.Add(ref next, layout.Batch) - layout.Batch) < images)
                RunBatch(first, Math.Min(layout.Batch, images - first));
        });
        return images / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Single-image latencies in milliseconds, each a whole Run call on a ready tensor.</summary>
    public static double[] Latencies(byte[] model, string input, string output, float[] tensor, int threads, bool spinning, int runs)
    {
        using var options = Options(threads, spinning);
        using var session = new InferenceSession(model, options);
        return Time(runs, _ => RunOnce(session, input, output, tensor, [1, 3, 224, 224]));
    }

    /// <summary>
    /// Single-image latencies in milliseconds of the whole job done by hand with the same parts: read the file,
    /// decode, resize and extract pixels (the featurizer's preprocessing), one Run. What a pool call costs minus ML.NET.
    /// </summary>
    public static double[] EndToEndLatencies(byte[] model, string input, string output, Preprocessing.ImagePreprocessing preprocessing,
        IReadOnlyList<string> paths, int threads, bool spinning, int runs)
    {
        using var options = Options(threads, spinning);
        using var session = new InferenceSession(model, options);
        var tensor = new float[preprocessing.PixelCount];
        long[] shape = [1, 3, preprocessing.Height, preprocessing.Width];
        return Time(runs, i =>
        {
            var decoded = Images.ImageDecoder.Decode(File.ReadAllBytes(paths[(i + paths.Count) % paths.Count]), preprocessing.DecodeOptions);
            preprocessing.Extract([decoded], tensor);
            RunOnce(session, input, output, tensor, shape);
        });
    }

    /// <summary>Milliseconds of each of <paramref name="runs"/> calls, after 20 untimed warm-up calls.</summary>
    private static double[] Time(int runs, Action<int> call)
    {
        var times = new double[runs];
        for (var i = -20; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            call(i);
            if (i >= 0)
                times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    private static void RunOnce(InferenceSession session, string input, string output, float[] tensor, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(), shape);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [input], [value], [output]);
        _ = outputs[0].GetTensorDataAsSpan<float>()[0];
    }
}
