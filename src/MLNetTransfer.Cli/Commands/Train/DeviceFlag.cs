using MLNetTransfer.Runtime;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Checks --device's spelling up front, so a typo is a usage error rather than a failure after loading data.</summary>
public static class DeviceFlag
{
    public static bool IsValid(string device) => ExecutionDevice.TryParse(device, out _);
}
