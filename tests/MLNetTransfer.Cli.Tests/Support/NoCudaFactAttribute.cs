using MLNetTransfer.Torch;

namespace MLNetTransfer.Cli.Tests.Support;

/// <summary>A fact about asking for CUDA where it cannot be used; skipped on a machine where CUDA works.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (CudaUsable())
            Skip = "CUDA works on this machine, so the missing-CUDA error cannot be observed";
    }

    private static bool CudaUsable()
    {
        try
        {
            TorchRuntime.ResolveDevice("cuda");
            return true;
        }
        catch (TorchUnavailableException)
        {
            return false;
        }
    }
}
