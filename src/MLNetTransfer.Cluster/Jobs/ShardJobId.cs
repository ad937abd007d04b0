using System.Security.Cryptography;
using System.Text;

namespace MLNetTransfer.Cluster.Jobs;

/// <summary>A job's id comes from its definition, so running the same command again re-attaches to the same job.</summary>
internal static class ShardJobId
{
    public static string For(string definition, int shardCount)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{shardCount}\n{definition}"));
        return "job-" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
