using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Scoring;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// A hand-made exported classifier whose answer rests on one known region: 'pixels' [N,3,96,96] -> Flatten -> Gemm
/// -> Softmax = 'Score' [N,2]. Class 0's logit sums the red channel over the top-left quadrant only; class 1's is a
/// constant. So covering the top-left quadrant of a red image lowers class 0's probability, covering anything else
/// changes nothing: what an occlusion map must show.
/// </summary>
internal static class RegionClassifier
{
    public const int Size = 96;

    public static (byte[] Onnx, ClassifierDescription Description) Build()
    {
        const int plane = Size * Size;
        var weights = new float[2 * 3 * plane];
        for (var y = 0; y < Size / 2; y++)
        {
            for (var x = 0; x < Size / 2; x++)
                weights[y * Size + x] = 1f / (255f * plane / 4) * 8; // red plane is the first; mean red 255 -> logit 8
        }
        var bias = new float[] { -4f, 0f };

        var graph = new ProtoBuffer();
        graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.FloatTensor("w", [2, 3 * plane], weights));
        graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.FloatTensor("b", [2], bias));
        graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node("Flatten", "flatten", ["pixels"], ["flat"], [new OnnxAttribute.Int("axis", 1)]));
        graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node("Gemm", "gemm", ["flat", "w", "b"], ["logits"], [new OnnxAttribute.Int("transB", 1)]));
        graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node("Softmax", "softmax", ["logits"], ["Score"], [new OnnxAttribute.Int("axis", 1)]));
        var n = OnnxDim.Symbolic("N");
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo("pixels", OnnxElementType.Float, [n, OnnxDim.Fixed(3), OnnxDim.Fixed(Size), OnnxDim.Fixed(Size)]));
        graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo("Score", OnnxElementType.Float, [n, OnnxDim.Fixed(2)]));
        graph.WriteString(OnnxFields.Graph.Name, "region_classifier");

        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, 8);
        model.WriteString(OnnxFields.Model.ProducerName, "MLNetTransfer.Tests");
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", 13));
        model.WriteMessage(OnnxFields.Model.Graph, graph);

        var preprocessing = new ImagePreprocessing(new MLContext(), Size, Size);
        var description = new ClassifierDescription
        {
            Classes = ["red corner", "other"],
            Input = new ClassifierDescription.InputDescription
            {
                Height = Size,
                Width = Size,
                MinShortSide = preprocessing.MinShortSide,
                Resize = preprocessing.ResizeDescription,
            },
            Backbone = new ClassifierDescription.BackboneDescription("region", "0", new BackboneSpec { Name = "region", Input = "pixels", Height = Size, Width = Size, Features = "flat" }),
        };
        return (model.ToArray(), description);
    }

    /// <summary>Writes model.onnx and model.json into <paramref name="folder"/>; returns the .onnx path.</summary>
    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var (onnx, description) = Build();
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, onnx);
        File.WriteAllText(Path.ChangeExtension(path, ".json"), description.ToJson());
        return path;
    }
}
