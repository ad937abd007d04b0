namespace MLNetTransfer.Backbones;

/// <summary>
/// One common way of turning pixels into a network's input (channel order plus scale, mean and std), as the spec
/// fields it sets. <see cref="All"/> holds the ones a check tries.
/// </summary>
internal sealed record NormalizationCandidate(string Name, ChannelOrder ChannelOrder, float Scale, float[] Mean, float[] Std)
{
    private static readonly float[] ImageNetMeanRgb = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStdRgb = [0.229f, 0.224f, 0.225f];
    // Caffe's ImageNet means on 0..255, as Keras' "caffe" preprocessing subtracts them (B, G, R).
    private static readonly float[] CaffeMeanBgr = [103.939f, 116.779f, 123.68f];

    public const string Raw = "raw 0..255";
    public const string Unit = "0..1";
    public const string ImageNet = "ImageNet mean/std on 0..1";
    public const string MinusOneToOne = "-1..1 (x/127.5-1)";
    public const string Caffe = "Caffe mean subtraction";

    /// <summary>Every candidate in both channel orders (mean and std follow the channels); uint8 inputs take only raw values.</summary>
    public static IReadOnlyList<NormalizationCandidate> All(InputElementType elementType)
    {
        var list = new List<NormalizationCandidate>();
        foreach (var order in new[] { ChannelOrder.RGB, ChannelOrder.BGR })
        {
            float[] InOrder(float[] rgb) => order == ChannelOrder.RGB ? rgb : [rgb[2], rgb[1], rgb[0]];
            list.Add(new(Raw, order, 1f, [0f, 0f, 0f], [1f, 1f, 1f]));
            if (elementType == InputElementType.UInt8)
                continue;
            list.Add(new(Unit, order, 1f / 255f, [0f, 0f, 0f], [1f, 1f, 1f]));
            list.Add(new(ImageNet, order, 1f / 255f, InOrder(ImageNetMeanRgb), InOrder(ImageNetStdRgb)));
            list.Add(new(MinusOneToOne, order, 1f / 127.5f, [1f, 1f, 1f], [1f, 1f, 1f]));
            list.Add(new(Caffe, order, 1f, InOrder([CaffeMeanBgr[2], CaffeMeanBgr[1], CaffeMeanBgr[0]]), [1f, 1f, 1f]));
        }

        return list;
    }

    /// <summary>The candidate that a spec's fields match exactly, or null.</summary>
    public static NormalizationCandidate? Matching(BackboneSpec spec) =>
        All(spec.ElementType).FirstOrDefault(c => c.ChannelOrder == spec.ChannelOrder && c.Scale == spec.Scale
            && c.Mean.SequenceEqual(spec.Mean) && c.Std.SequenceEqual(spec.Std));

    public string Label => $"{Name}, {ChannelOrder}";

    public BackboneSpec ApplyTo(BackboneSpec spec) =>
        spec with { ChannelOrder = ChannelOrder, Scale = Scale, Mean = [.. Mean], Std = [.. Std] };
}
