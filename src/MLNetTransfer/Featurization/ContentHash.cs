using System.Security.Cryptography;
using System.Text;

namespace MLNetTransfer.Featurization;

/// <summary>SHA-256 digests as lower-case hex: the identity of image bytes, backbone files and settings.</summary>
internal static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));
}
