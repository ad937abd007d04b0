using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Scoring;

/// <summary>
/// Writes an ML.NET model.zip whose cost is its bytes. ML.NET saves the scoring pipeline built on a stand-in classifier
/// graph (<see cref="StandInClassifier"/>), so its ONNX transformer opens no session over the backbone; the stand-in's
/// bytes are then swapped for the classifier's in the one zip entry that holds them. Every other entry is ML.NET's own
/// output, unchanged. The classifier's entry is stored, not deflated: float weights shrink about 7 % for about 0.2 s.
/// </summary>
internal static class ScoringModelZip
{
    /// <summary>
    /// Saves <paramref name="pipelineFor"/>(<paramref name="classifier"/>) as mlContext.Model.Save would. Returns false
    /// when ML.NET's saved form was not the one this swap knows (another ML.NET version): the pipeline was then built on
    /// the classifier itself and saved by ML.NET, slower but the same model.
    /// </summary>
    public static bool Write(MLContext mlContext, byte[] classifier, Func<byte[], ITransformer> pipelineFor, DataViewSchema inputSchema,
        Stream destination)
    {
        var standIn = StandInClassifier.For(classifier);
        using var template = new MemoryStream();
        mlContext.Model.Save(pipelineFor(standIn), inputSchema, template);
        template.Position = 0;
        using (var saved = new ZipArchive(template, ZipArchiveMode.Read, leaveOpen: true))
        {
            var holders = saved.Entries.Where(e => HoldsGraph(e, standIn)).ToArray();
            if (holders.Length == 1)
            {
                Copy(saved, holders[0], classifier, destination);
                return true;
            }
        }

        mlContext.Model.Save(pipelineFor(classifier), inputSchema, destination);
        return false;
    }

    /// <summary>ML.NET writes an ONNX transformer's graph as one entry: its length (int32, little-endian), then its bytes.</summary>
    private static bool HoldsGraph(ZipArchiveEntry entry, byte[] graph)
    {
        if (entry.Length != sizeof(int) + graph.Length)
            return false;
        var content = new byte[entry.Length];
        using (var stream = entry.Open())
            stream.ReadExactly(content);
        return BinaryPrimitives.ReadInt32LittleEndian(content) == graph.Length && content.AsSpan(sizeof(int)).SequenceEqual(graph);
    }

    private static byte[] LengthPrefix(int length)
    {
        var prefix = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
        return prefix;
    }

    private static void Copy(ZipArchive saved, ZipArchiveEntry holder, byte[] classifier, Stream destination)
    {
        using var written = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in saved.Entries)
        {
            var isHolder = entry == holder;
            var copy = written.CreateEntry(entry.FullName, isHolder ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
            copy.LastWriteTime = entry.LastWriteTime;
            using var target = copy.Open();
            if (isHolder)
            {
                target.Write(LengthPrefix(classifier.Length));
                target.Write(classifier);
            }
            else
            {
                using var source = entry.Open();
                source.CopyTo(target);
            }
        }
    }
}
