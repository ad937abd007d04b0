namespace MLNetTransfer.Backbones;

/// <summary>
/// How far a backbone download has got; <paramref name="BytesReceived"/> counts resumed bytes too. A report with a
/// <paramref name="Warning"/> carries no progress: it is a line for the user, e.g. that the backbone's weights are not
/// known to be pretrained (<see cref="CatalogBackbone.UnverifiedWeightsReason"/>), sent each time such a backbone is used.
/// </summary>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes, string? Warning = null);
