using TorchSharp;
using TorchSharp.Modules;
using Zsl.RevNet.Layers;
using static TorchSharp.torch;

namespace Zsl.RevNet.Models;

/// <summary>
/// A classifier of table 3.1: a body of stages (stem, blocks, pooling) then ReLU, global average pooling (over space
/// and over the samples batch pooling stacked) and a linear layer. With <see cref="Recompute"/> the body runs as one
/// custom autograd node that keeps only what the thesis allows; without it, ordinary autograd (the reference).
/// </summary>
public sealed class ReversibleNet : nn.Module<Tensor, Tensor>
{
    public readonly InvertibleSequence Body;
    public readonly Linear Head;
    public Architecture Architecture { get; }
    public bool Recompute { get; set; }

    public ReversibleNet(Architecture architecture, ScalarType dtype = ScalarType.Float32) : base("ReversibleNet")
    {
        architecture.Validate();
        Architecture = architecture;
        Body = new InvertibleSequence(BuildBody(architecture, dtype));
        Head = nn.Linear(architecture.Channels[^1], architecture.Classes, dtype: dtype);
        Recompute = architecture.Kind != ArchitectureKind.ResNet;
        RegisterComponents();
    }

    public long ParameterCount => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor x) => Head.forward(Features(x));

    /// <summary>Penultimate features (bs × last channels).</summary>
    public Tensor Features(Tensor x)
    {
        var memorySaving = Recompute && training && is_grad_enabled() && Architecture.Kind != ArchitectureKind.ResNet;
        if (memorySaving) return ReversibleFunction.Apply(Body, x);
        var z = Body.forward(x);
        // Volume-preserving bodies end with as many elements as they start with: drop our reference to the body
        // output as soon as it is pooled (autograd keeps what it needs).
        var pooled = ReversibleFunction.Pool(z, x.shape[0]);
        z.Dispose();
        return pooled;
    }

    private static IEnumerable<InvertibleModule> BuildBody(Architecture a, ScalarType dtype)
    {
        var c = a.Channels;
        if (a.Kind is ArchitectureKind.IRevNet or ArchitectureKind.LayerWise or ArchitectureKind.Hybrid)
        {
            // Invertible models: only the stem convolution is stored (its input, the image); its batch norm is the
            // invertible one, differentiated in place from its output like every other layer.
            yield return new StoredStage(nn.Conv2d(a.InputChannels, c[0], 3, padding: 1, bias: false, dtype: dtype)) { BatchSeparable = true };
            yield return new InvertibleBatchNorm(c[0], a.GammaOffset, dtype: dtype);
        }
        else
        {
            var stem = new List<nn.Module<Tensor, Tensor>>
            {
                nn.Conv2d(a.InputChannels, c[0], 3, padding: 1, bias: false, dtype: dtype),
                new InvertibleBatchNorm(c[0], dtype: dtype, plain: true),
            };
            if (a.Kind == ArchitectureKind.ResNet) stem.Add(nn.ReLU());
            yield return new StoredStage(new Chain(stem.ToArray()));
        }
        for (var s = 0; s < c.Count; s++)
        {
            if (s > 0)
            {
                yield return a.Pools[s - 1] switch
                {
                    Pooling.Channel => new ChannelPool(),
                    Pooling.Batch => new BatchPool(),
                    _ when a.Kind == ArchitectureKind.RevNet => new StoredStage(new Chain(
                        new Lambda("maxpool", t => nn.functional.max_pool2d(t, 2)),
                        nn.Conv2d(c[s - 1], c[s], 1, bias: false, dtype: dtype),
                        new InvertibleBatchNorm(c[s], dtype: dtype, plain: true))),
                    _ => new StoredStage(new Lambda("maxpool", t => nn.functional.max_pool2d(t, 2))),
                };
            }
            for (var b = 0; b < a.BlocksPerStage; b++)
            {
                var cin = a.Kind == ArchitectureKind.ResNet && b == 0 && s > 0 ? c[s - 1] : c[s];
                switch (a.Kind)
                {
                    case ArchitectureKind.ResNet:
                        yield return new StoredStage(new BasicBlock(cin, c[s], dtype));
                        break;
                    case ArchitectureKind.RevNet or ArchitectureKind.IRevNet:
                        yield return new Coupling("RevBlock", PlainModule(c[s] / 2, dtype), PlainModule(c[s] / 2, dtype), CouplingBackward.Autograd);
                        break;
                    case ArchitectureKind.Hybrid:
                        yield return new Coupling("HybridBlock", InvertibleModuleChain(c[s] / 2, a, dtype), InvertibleModuleChain(c[s] / 2, a, dtype), CouplingBackward.LayerWise);
                        break;
                    case ArchitectureKind.LayerWise:
                        for (var u = 0; u < 2; u++)
                        {
                            yield return new InvertibleConv(c[s], dtype);
                            yield return new InvertibleBatchNorm(c[s], a.GammaOffset, dtype: dtype);
                            yield return new InvertibleLeakyRelu(a.NegativeSlope);
                        }
                        break;
                }
            }
        }
    }

    /// <summary>F or G of a RevNet block: conv-BN-ReLU-conv-BN on half the channels.</summary>
    private static nn.Module<Tensor, Tensor> PlainModule(long c, ScalarType dtype) => new Chain(
        nn.Conv2d(c, c, 3, padding: 1, bias: false, dtype: dtype),
        new InvertibleBatchNorm(c, dtype: dtype, plain: true),
        nn.ReLU(),
        nn.Conv2d(c, c, 3, padding: 1, bias: false, dtype: dtype),
        new InvertibleBatchNorm(c, dtype: dtype, plain: true));

    /// <summary>F or G of a hybrid block: invertible conv, invertible BN, invertible leaky ReLU, invertible conv, invertible BN.</summary>
    private static InvertibleSequence InvertibleModuleChain(long c, Architecture a, ScalarType dtype) => new(
    [
        new InvertibleConv(c, dtype),
        new InvertibleBatchNorm(c, a.GammaOffset, dtype: dtype),
        new InvertibleLeakyRelu(a.NegativeSlope),
        new InvertibleConv(c, dtype),
        new InvertibleBatchNorm(c, a.GammaOffset, dtype: dtype),
    ]);
}

/// <summary>ResNet basic block: conv-BN-ReLU-conv-BN plus (projected) shortcut, then ReLU.</summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _residual;
    private readonly nn.Module<Tensor, Tensor>? _shortcut;

    public BasicBlock(long cin, long cout, ScalarType dtype) : base(nameof(BasicBlock))
    {
        _residual = new Chain(
            nn.Conv2d(cin, cout, 3, padding: 1, bias: false, dtype: dtype),
            new InvertibleBatchNorm(cout, dtype: dtype, plain: true),
            nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding: 1, bias: false, dtype: dtype),
            new InvertibleBatchNorm(cout, dtype: dtype, plain: true));
        if (cin != cout)
            _shortcut = new Chain(nn.Conv2d(cin, cout, 1, bias: false, dtype: dtype), new InvertibleBatchNorm(cout, dtype: dtype, plain: true));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var residual = _residual.forward(x);
        using var shortcut = _shortcut?.forward(x);
        using var sum = residual + (shortcut ?? x);
        return nn.functional.relu(sum);
    }
}
