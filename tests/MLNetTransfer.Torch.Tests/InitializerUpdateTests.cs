using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.Tests.Support;

namespace MLNetTransfer.Torch.Tests;

public class InitializerUpdateTests
{
    private static byte[] Model()
    {
        var m = new TestModel();
        var y = m.Node("Add", ["x", m.Floats("a", [2], [1f, 2f])]);
        return m.Build("x", [1, 2], m.Node("Mul", [y, m.Floats("b", [2], [3f, 4f])]));
    }

    [Fact]
    public void Replaces_values_and_keeps_every_other_record_byte_for_byte()
    {
        var original = Model();
        var updated = OnnxInitializerUpdate.Replace(original, new Dictionary<string, float[]> { ["a"] = [5f, 6f] }, "m");

        var before = OnnxModelDocument.Parse(original, "m");
        var after = OnnxModelDocument.Parse(updated, "m");
        OnnxTensorData.Decode(Payload(after.Initializers.Single(i => i.Name == "a").Raw)).Floats.Should().Equal(5f, 6f);
        after.Initializers.Single(i => i.Name == "b").Raw.ToArray().Should().Equal(before.Initializers.Single(i => i.Name == "b").Raw.ToArray());
        after.Nodes.Select(n => n.Raw.ToArray()).Should().BeEquivalentTo(before.Nodes.Select(n => n.Raw.ToArray()), o => o.WithStrictOrdering());
        OrtReference.Run(updated, "x", [1f, 1f], [1, 2], "t1_Mul").Should().Equal(18f, 28f);
    }

    [Fact]
    public void Refuses_unknown_names_and_wrong_sizes()
    {
        var unknown = () => OnnxInitializerUpdate.Replace(Model(), new Dictionary<string, float[]> { ["zz"] = [1f] }, "m");
        unknown.Should().Throw<ArgumentException>().WithMessage("*'zz'*");
        var wrongSize = () => OnnxInitializerUpdate.Replace(Model(), new Dictionary<string, float[]> { ["a"] = [1f] }, "m");
        wrongSize.Should().Throw<ArgumentException>().WithMessage("*'a'*2 values*1 were given*");
    }

    private static ReadOnlyMemory<byte> Payload(ReadOnlyMemory<byte> record)
    {
        var reader = new ProtoReader(record);
        reader.TryRead(out var field);
        return field.Payload;
    }
}
