using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Onnx;

public class ProtobufPassThroughTests
{
    [Fact]
    public void Kept_initializers_and_unknown_fields_are_copied_byte_for_byte()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        // Field 99 (varint 1234) is unknown to onnx.proto: it must survive as it is.
        byte[] unknownField = [0x98, 0x06, 0xD2, 0x09];
        var original = File.ReadAllBytes(onnx).Concat(unknownField).ToArray();
        var convWeights = OnnxModelDocument.Parse(original, onnx).Initializers.Single(t => t.Name == "conv_w").Raw.ToArray();

        var built = BackboneGraphBuilder.BuildFeatureExtractor(original, BackboneSpec.Load(specPath), onnx);

        built.AsSpan().IndexOf(convWeights).Should().BePositive();
        built.AsSpan().IndexOf(unknownField).Should().BePositive();
        OrtRunner.OutputNames(built).Should().Equal(BackboneGraphBuilder.FeaturesOutput);
    }

    [Fact]
    public void Writer_and_reader_agree_on_varints_strings_and_nested_messages()
    {
        var inner = new ProtoBuffer();
        inner.WriteInt64(1, -5);
        inner.WriteString(2, "héllo");
        var large = new ProtoBuffer();
        large.WriteLengthDelimited(3, new byte[600]);
        var largeRecord = large.ToArray();
        var outer = new ProtoBuffer();
        outer.WriteInt64(1, long.MaxValue);
        outer.WriteMessage(7, inner);
        outer.WriteRaw(largeRecord); // large raw record: referenced, not copied, until ToArray
        var bytes = outer.ToArray();

        var reader = new ProtoReader(bytes);
        reader.TryRead(out var first).Should().BeTrue();
        first.Int64.Should().Be(long.MaxValue);
        reader.TryRead(out var nested).Should().BeTrue();
        nested.Number.Should().Be(7);
        var innerReader = new ProtoReader(nested.Payload);
        innerReader.TryRead(out var a).Should().BeTrue();
        a.Int64.Should().Be(-5);
        innerReader.TryRead(out var b).Should().BeTrue();
        b.String.Should().Be("héllo");
        reader.TryRead(out var third).Should().BeTrue();
        third.Payload.Length.Should().Be(600);
        reader.TryRead(out _).Should().BeFalse();
        bytes.Length.Should().Be((int)outer.Length).And.Be(first.Raw.Length + nested.Raw.Length + largeRecord.Length);
    }
}
