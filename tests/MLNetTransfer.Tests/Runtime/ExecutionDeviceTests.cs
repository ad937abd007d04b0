using MLNetTransfer.Runtime;

namespace MLNetTransfer.Tests.Runtime;

public class ExecutionDeviceTests
{
    [Theory]
    [InlineData("cpu", false, 0, "cpu")]
    [InlineData(" CPU ", false, 0, "cpu")]
    [InlineData("cuda", true, 0, "cuda:0")]
    [InlineData("cuda:3", true, 3, "cuda:3")]
    [InlineData("CUDA:1", true, 1, "cuda:1")]
    public void Parses_the_three_spellings(string text, bool isCuda, int id, string normalized)
    {
        var device = ExecutionDevice.Parse(text);

        device.IsCuda.Should().Be(isCuda);
        device.DeviceId.Should().Be(id);
        device.ToString().Should().Be(normalized);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:+1")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void Refuses_anything_else_naming_the_choices(string text)
    {
        ExecutionDevice.TryParse(text, out _).Should().BeFalse();
        var parse = () => ExecutionDevice.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage("*cuda:N*");
    }

    [Fact]
    public void The_default_is_the_cpu()
    {
        default(ExecutionDevice).Should().Be(ExecutionDevice.Cpu);
        new Featurization.FeaturizerOptions().Device.IsCuda.Should().BeFalse();
    }
}
