namespace MLNetTransfer.Onnx;

/// <summary>Tensor element types, numbered as TensorProto.DataType in onnx.proto.</summary>
internal enum OnnxElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    BFloat16 = 16,
}

internal static class OnnxElementTypeNames
{
    /// <summary>Short lower-case names as users know them from specs and error messages.</summary>
    public static string Describe(this OnnxElementType type) => type switch
    {
        OnnxElementType.Float => "float32",
        OnnxElementType.Double => "float64",
        OnnxElementType.Float16 => "float16",
        OnnxElementType.BFloat16 => "bfloat16",
        OnnxElementType.Undefined => "untyped",
        _ => type.ToString().ToLowerInvariant(),
    };

    public static bool IsFloatingPoint(this OnnxElementType type) =>
        type is OnnxElementType.Float or OnnxElementType.Double or OnnxElementType.Float16 or OnnxElementType.BFloat16;
}
