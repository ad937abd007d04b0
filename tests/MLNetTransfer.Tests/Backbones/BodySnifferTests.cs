using System.Text;
using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Backbones;

public class BodySnifferTests
{
    [Theory]
    [InlineData("version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 12\n", nameof(BodyKind.GitLfsPointer))]
    [InlineData("<!DOCTYPE html><html lang=\"en\">", nameof(BodyKind.Html))]
    [InlineData("\uFEFF\r\n  <html><head><title>502</title>", nameof(BodyKind.Html))]
    [InlineData("<HEAD><TITLE>Moved</TITLE>", nameof(BodyKind.Html))]
    [InlineData("{\"error\":\"Entry not found\"}", nameof(BodyKind.Plausible))]
    [InlineData("", nameof(BodyKind.Plausible))]
    public void Recognises_bodies_that_are_not_a_model(string text, string expected)
    {
        // The kind travels by name: the enum is internal, and a public test method cannot take it.
        BodySniffer.Classify(Encoding.UTF8.GetBytes(text)).ToString().Should().Be(expected);
    }

    [Fact]
    public void An_ONNX_file_is_plausible()
    {
        // ModelProto starts with ir_version (field 1, varint): tag byte 0x08.
        byte[] onnxStart = [0x08, 0x07, 0x12, 0x07, (byte)'p', (byte)'y', (byte)'t', (byte)'o', (byte)'r', (byte)'c', (byte)'h'];

        BodySniffer.Classify(onnxStart).Should().Be(BodyKind.Plausible);
        BodySniffer.Classify(DownloadFixture.Payload.AsSpan(0, BodySniffer.PrefixLength)).Should().Be(BodyKind.Plausible);
    }

    [Fact]
    public void An_HTML_media_type_is_enough()
    {
        BodySniffer.Classify([0x08, 0x07], "TEXT/HTML").Should().Be(BodyKind.Html);
    }
}
