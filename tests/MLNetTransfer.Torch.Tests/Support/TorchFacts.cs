namespace MLNetTransfer.Torch.Tests.Support;

/// <summary>Whether libtorch loads here, probed once; the reason when it does not.</summary>
public static class TorchAvailability
{
    public static bool Loaded { get; } = TorchRuntime.TryLoad(out var reason) && reason is null;

    public static string SkipReason { get; } = TorchRuntime.TryLoad(out var why) ? "" :
        "libtorch does not load on this machine, so the TorchSharp engine cannot run (tools/torch-local/run-tests.sh runs these tests locally; " +
        "the device program runs them on a GPU). Loader said: " + why;
}

/// <summary>A fact that needs libtorch (and ../shared when asked); skips saying why otherwise.</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute(bool needsShared = false)
    {
        if (!TorchAvailability.Loaded)
            Skip = TorchAvailability.SkipReason;
        else if (needsShared && !SharedModels.Available)
            Skip = SharedModels.SkipReason;
    }
}

/// <summary>A fact about the error given where libtorch does NOT load; skipped where it does.</summary>
public sealed class NoTorchFactAttribute : FactAttribute
{
    public NoTorchFactAttribute()
    {
        if (TorchAvailability.Loaded)
            Skip = "libtorch loads here, so the missing-libtorch error cannot be observed";
        else if (!SharedModels.Available)
            Skip = SharedModels.SkipReason;
    }
}

/// <summary>A fact that needs only ../shared.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (!SharedModels.Available)
            Skip = SharedModels.SkipReason;
    }
}
