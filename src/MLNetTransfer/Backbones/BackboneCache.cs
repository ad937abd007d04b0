namespace MLNetTransfer.Backbones;

/// <summary>Where downloaded backbones are kept between runs.</summary>
internal static class BackboneCache
{
    /// <summary>Environment variable that names the cache folder outright.</summary>
    public const string DirectoryVariable = "MLNETTRANSFER_MODELS_DIR";

    /// <summary><c>$MLNETTRANSFER_MODELS_DIR</c>, else the 'models' folder of <see cref="UserCacheDirectory"/>.</summary>
    public static string DefaultDirectory => Resolve(Environment.GetEnvironmentVariable);

    internal static string Resolve(Func<string, string?> readEnvironment)
    {
        var explicitDir = readEnvironment(DirectoryVariable);
        return !string.IsNullOrWhiteSpace(explicitDir)
            ? Path.GetFullPath(explicitDir)
            : Path.Combine(UserCacheDirectory.Resolve(readEnvironment), "models");
    }
}
