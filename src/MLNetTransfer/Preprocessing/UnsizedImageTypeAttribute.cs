using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLNetTransfer.Preprocessing;

/// <summary>
/// Marks an <see cref="MLImage"/> member as an image column of unknown size, the type stock LoadImages produces.
/// ML.NET's own ImageType attribute insists on a fixed size, which a decoder cannot know in advance.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class UnsizedImageTypeAttribute : DataViewTypeAttribute
{
    public override bool Equals(DataViewTypeAttribute other) => other is UnsizedImageTypeAttribute;

    public override int GetHashCode() => nameof(UnsizedImageTypeAttribute).GetHashCode(StringComparison.Ordinal);

    public override void Register() => DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage), this);
}
