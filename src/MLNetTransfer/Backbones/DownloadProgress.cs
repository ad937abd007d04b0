namespace MLNetTransfer.Backbones;

/// <summary>How far a backbone download has got; <paramref name="BytesReceived"/> counts resumed bytes too.</summary>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes);
