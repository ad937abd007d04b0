using MLNetTransfer.Cli.App;
using MLNetTransfer.Runtime;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Checks --device's spelling up front, so a typo is a usage error rather than a failure after loading data.</summary>
public static class DeviceFlag
{
    /// <summary>The device --device names; the CPU when it is not given.</summary>
    public static ExecutionDevice Parse(string? device)
    {
        if (device is null)
            return ExecutionDevice.Cpu;
        return ExecutionDevice.TryParse(device, out var parsed)
            ? parsed
            : throw new UsageException($"--device must be cpu, cuda or cuda:N (got '{device}').");
    }
}
