using System.Globalization;
using MLNetTransfer.Cli.App;

namespace MLNetTransfer.Cli.Commands.Featurize;

/// <summary>--shard K/N: shard K (counted from 0, as Kubernetes and Slurm index array tasks) of N.</summary>
public readonly record struct ShardFlag(int Index, int Count)
{
    public static ShardFlag Whole => new(0, 1);

    public static ShardFlag Parse(string? text)
    {
        if (text is null)
            return Whole;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1)
        {
            if (index >= count)
                throw new UsageException($"--shard {text}: shards are numbered 0 to {count - 1}.");
            return new ShardFlag(index, count);
        }
        throw new UsageException($"--shard must be K/N with 0 <= K < N, e.g. --shard 3/16 (got '{text}').");
    }

    public override string ToString() => $"{Index}/{Count}";
}
