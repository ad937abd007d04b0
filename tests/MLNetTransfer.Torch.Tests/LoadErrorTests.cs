namespace MLNetTransfer.Torch.Tests;

/// <summary>What a libtorch loading failure says in its one paragraph; needs no libtorch.</summary>
public class LoadErrorTests
{
    [Fact]
    public void The_summary_is_the_first_sentence_of_the_innermost_message_without_the_loader_trace()
    {
        var trace = "The libtorch-cpu-linux-x64 package version 2.10.0.0 is not restored on this system. If using F# Interactive " +
            "add a reference.\n    #r \"nuget: libtorch\". Trace from LoadNativeBackend:\n\nStep 1 - First try regular load\n    Trying...";
        var error = new TypeInitializationException("TorchSharp.torch", new NotSupportedException(trace));

        TorchRuntime.Summarize(error).Should().Be("The libtorch-cpu-linux-x64 package version 2.10.0.0 is not restored on this system.");
    }

    [Fact]
    public void A_one_line_loader_error_is_kept_whole()
    {
        var error = new DllNotFoundException("/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by libLibTorchSharp.so)");

        TorchRuntime.Summarize(error).Should().Be(error.Message + ".");
    }
}
