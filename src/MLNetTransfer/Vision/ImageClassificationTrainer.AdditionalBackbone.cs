using MLNetTransfer.Backbones;

namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>
    /// A second (or further) backbone for <see cref="Options.AdditionalBackbones"/>: a catalog architecture, or a local
    /// ONNX file with its spec (the sidecar JSON unless given). Its features are concatenated after the main backbone's.
    /// </summary>
    public sealed class AdditionalBackbone
    {
        /// <summary>A catalog backbone, fetched on first use like <see cref="Options.Arch"/>.</summary>
        public AdditionalBackbone(Architecture arch) => Arch = arch;

        /// <summary>A local ONNX backbone; <paramref name="spec"/> null reads the sidecar JSON beside it.</summary>
        public AdditionalBackbone(string backbonePath, BackboneSpec? spec = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(backbonePath);
            BackbonePath = backbonePath;
            BackboneSpec = spec;
        }

        internal AdditionalBackbone(ResolvedBackbone resolved)
        {
            Resolved = resolved;
            BackbonePath = resolved.Path;
            BackboneSpec = resolved.Spec;
        }

        /// <summary>The catalog backbone used when <see cref="BackbonePath"/> is null.</summary>
        internal Architecture Arch { get; }

        internal string? BackbonePath { get; }

        internal BackboneSpec? BackboneSpec { get; }

        /// <summary>Already resolved by the caller (the CLI), so the file is read and hashed once per run.</summary>
        internal ResolvedBackbone? Resolved { get; }
    }
}
