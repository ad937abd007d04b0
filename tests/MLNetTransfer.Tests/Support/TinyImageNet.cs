using MLNetTransfer.Onnx;
using SkiaSharp;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// A tiny stand-in for an ImageNet classifier that knows one normalization: float NCHW [N,3,32,32] input, the mean of
/// each channel, then logits [N,1000] where class <see cref="ClassIndex"/> leads only while the mean of the first
/// channel lies between about 0.4 and 1.0, and every other class sits at 1. <see cref="WritePhotos"/> writes photos
/// whose red mean is 0.5 on 0..1 (blue near 0): only 0..1 pixels in RGB order put the class first; raw 0..255, -1..1,
/// ImageNet mean/std, Caffe means or BGR order put it last.
/// </summary>
public static class TinyImageNet
{
    public const int ClassIndex = 985;
    public const string LogitsOutput = "logits";
    public const string HiddenTensor = "hidden";
    private const int Classes = 1000;

    public static string Write(string folder, string name = "tiny_imagenet")
    {
        var graph = new ProtoBuffer();
        void Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) =>
            graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node(op, op + "_" + output, inputs, [output], attributes));
        void Initializer(string tensorName, long[] dims, float[] values) =>
            graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.FloatTensor(tensorName, dims, values));

        Node("GlobalAveragePool", ["input"], "pooled");
        Node("Flatten", ["pooled"], "means", new OnnxAttribute.Int("axis", 1));
        // Two ramps on the first channel's mean m: relu(m - 0.3) and relu(m - 0.7); the class's logit 10a - 20b is a tent.
        Initializer("ramp_w", [2, 3], [1, 0, 0, 1, 0, 0]);
        Initializer("ramp_b", [2], [-0.3f, -0.7f]);
        Node("Gemm", ["means", "ramp_w", "ramp_b"], "ramps", new OnnxAttribute.Int("transB", 1));
        Node("Relu", ["ramps"], HiddenTensor);
        var weights = new float[Classes * 2];
        weights[ClassIndex * 2] = 10;
        weights[ClassIndex * 2 + 1] = -20;
        var bias = Enumerable.Repeat(1f, Classes).ToArray();
        bias[ClassIndex] = 0;
        Initializer("fc_w", [Classes, 2], weights);
        Initializer("fc_b", [Classes], bias);
        Node("Gemm", [HiddenTensor, "fc_w", "fc_b"], LogitsOutput, new OnnxAttribute.Int("transB", 1));

        var n = OnnxDim.Symbolic("N");
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo("input", OnnxElementType.Float, [n, OnnxDim.Fixed(3), OnnxDim.Fixed(32), OnnxDim.Fixed(32)]));
        graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(LogitsOutput, OnnxElementType.Float, [n, OnnxDim.Fixed(Classes)]));
        graph.WriteMessage(OnnxFields.Graph.ValueInfo, OnnxMessages.ValueInfo(HiddenTensor, OnnxElementType.Float, [n, OnnxDim.Fixed(2)]));
        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, 8);
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", 13));
        model.WriteMessage(OnnxFields.Model.Graph, graph);

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".onnx");
        File.WriteAllBytes(path, model.ToArray());
        return path;
    }

    /// <summary>A reference photo folder: four PNGs of red 128 (with a little green, blue 20) and the manifest naming the class.</summary>
    public static string WritePhotos(string folder)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 4; i++)
            File.WriteAllBytes(Path.Combine(folder, $"photo{i}.png"), TestImages.Solid(48 + 8 * i, 40, new SKColor(128, (byte)(30 * i), 20), SKEncodedImageFormat.Png));
        File.WriteAllText(Path.Combine(folder, "reference.json"), $"{{ \"imageNetClassIndex\": {ClassIndex}, \"imageNetClassName\": \"daisy\" }}");
        return folder;
    }
}
