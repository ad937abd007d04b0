namespace MLNetTransfer.Onnx;

/// <summary>Field numbers from onnx.proto for the records this toolkit reads or writes.</summary>
internal static class OnnxFields
{
    public static class Model
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int Graph = 7;
        public const int OpsetImport = 8;
        public const int MetadataProps = 14;
        public const int TrainingInfo = 20;
    }

    public static class OperatorSetId
    {
        public const int Domain = 1;
        public const int Version = 2;
    }

    public static class StringStringEntry
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    public static class Graph
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int Input = 11;
        public const int Output = 12;
        public const int ValueInfo = 13;
        public const int QuantizationAnnotation = 14;
    }

    public static class Node
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
        public const int Domain = 7;
    }

    public static class Attribute
    {
        public const int Name = 1;
        public const int F = 2;
        public const int I = 3;
        public const int S = 4;
        public const int T = 5;
        public const int G = 6;
        public const int Ints = 8;
        public const int Graphs = 11;
        public const int Type = 20;
    }

    /// <summary>AttributeProto.AttributeType values.</summary>
    public static class AttributeType
    {
        public const int Float = 1;
        public const int Int = 2;
        public const int String = 3;
        public const int Ints = 7;
    }

    public static class Tensor
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Name = 8;
        public const int RawData = 9;
    }

    public static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
    }

    public static class TypeProto
    {
        public const int TensorType = 1;
    }

    public static class TensorType
    {
        public const int ElemType = 1;
        public const int Shape = 2;
    }

    public static class TensorShape
    {
        public const int Dim = 1;
    }

    public static class Dimension
    {
        public const int DimValue = 1;
        public const int DimParam = 2;
    }

    public static class TensorAnnotation
    {
        public const int TensorName = 1;
    }
}
