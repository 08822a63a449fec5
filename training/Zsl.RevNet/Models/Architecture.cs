namespace Zsl.RevNet.Models;

public enum ArchitectureKind { ResNet, RevNet, IRevNet, LayerWise, Hybrid }

public enum Pooling { Max, Channel, Batch }

/// <summary>
/// One architecture of table 3.1: channels per stage, pooling between stages, blocks per stage. Hybrid and layer-wise
/// use invertible batch norm with offset ε_i (eq. 3.23) and the invertible leaky ReLU of slope n (eq. 3.24).
/// </summary>
public sealed record Architecture(
    ArchitectureKind Kind,
    IReadOnlyList<int> Channels,
    IReadOnlyList<Pooling> Pools,
    int BlocksPerStage,
    int InputChannels = 3,
    int Classes = 10,
    double NegativeSlope = 0.5,
    double GammaOffset = 0.1)
{
    public static readonly IReadOnlyList<string> Names = ["resnet", "revnet", "irevnet", "layerwise", "hybrid"];

    public static ArchitectureKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "resnet" => ArchitectureKind.ResNet,
        "revnet" => ArchitectureKind.RevNet,
        "irevnet" or "i-revnet" => ArchitectureKind.IRevNet,
        "layerwise" or "layer-wise" => ArchitectureKind.LayerWise,
        "hybrid" or "ours" => ArchitectureKind.Hybrid,
        _ => throw new ArgumentException($"unknown architecture '{name}': expected one of {string.Join(", ", Names)}"),
    };

    /// <summary>The parameterisation of table 3.1 (layer-wise: the hybrid's channels and pooling, figure 7).</summary>
    public static Architecture Table31(ArchitectureKind kind, int inputChannels = 3, int classes = 10, int blocksPerStage = 2) => kind switch
    {
        ArchitectureKind.ResNet => new(kind, [32, 64, 128, 256], [Pooling.Max, Pooling.Max, Pooling.Max], blocksPerStage, inputChannels, classes),
        ArchitectureKind.RevNet => new(kind, [40, 80, 256, 320], [Pooling.Max, Pooling.Max, Pooling.Max], blocksPerStage, inputChannels, classes),
        ArchitectureKind.IRevNet => new(kind, [32, 128, 512, 2048], [Pooling.Channel, Pooling.Channel, Pooling.Channel], blocksPerStage, inputChannels, classes),
        ArchitectureKind.LayerWise => new(kind, [32, 128, 512, 512], [Pooling.Channel, Pooling.Channel, Pooling.Batch], blocksPerStage, inputChannels, classes),
        ArchitectureKind.Hybrid => new(kind, [32, 128, 512, 512], [Pooling.Channel, Pooling.Channel, Pooling.Batch], blocksPerStage, inputChannels, classes),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Same shape with every channel count divided by <paramref name="divisor"/> (small CPU models, tests).</summary>
    public Architecture Narrow(int divisor) => this with { Channels = Channels.Select(c => c / divisor).ToArray() };

    /// <summary>Pixel factor p_i of stage i: 1 at full resolution, ÷4 per 2×2 pooling (batch pooling moves pixels into the batch: still ÷4 per image-sample, ×4 samples).</summary>
    public int DownsamplingAt(int stage) => 1 << (2 * stage);

    public void Validate()
    {
        if (Channels.Count != Pools.Count + 1) throw new ArgumentException("an architecture needs one pooling between consecutive stages");
        // Couplings split channels in two; the hybrid's invertible convolutions split each half again.
        var multiple = Kind == ArchitectureKind.Hybrid ? 4 : 2;
        if (Channels.Any(c => c < multiple || c % multiple != 0))
            throw new ArgumentException($"{Kind} needs channel counts that are positive multiples of {multiple}, got {string.Join("-", Channels)}");
        for (var i = 0; i < Pools.Count; i++)
        {
            if (Pools[i] == Pooling.Channel && Channels[i + 1] != 4 * Channels[i])
                throw new ArgumentException($"channel pooling multiplies channels by 4: stage {i + 1} must have {4 * Channels[i]} channels");
            if (Pools[i] == Pooling.Batch && Channels[i + 1] != Channels[i])
                throw new ArgumentException($"batch pooling keeps channels: stage {i + 1} must have {Channels[i]} channels");
            if (Pools[i] == Pooling.Max && Kind is ArchitectureKind.IRevNet or ArchitectureKind.LayerWise or ArchitectureKind.Hybrid)
                throw new ArgumentException($"{Kind} is invertible: it cannot use max pooling");
        }
        if (BlocksPerStage < 1) throw new ArgumentException("at least one block per stage");
    }

    public override string ToString() =>
        $"{Kind} {string.Join("-", Channels)} [{string.Join(", ", Pools)}] ×{BlocksPerStage}" +
        (Kind is ArchitectureKind.Hybrid or ArchitectureKind.LayerWise ? $" n={NegativeSlope} ε_i={GammaOffset}" : "");
}
