using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>
/// A non-invertible stage (stem convolution, max pooling transition of RevNet): the memory-saving forward keeps its
/// input, the backward recomputes the stage from it with autograd and then releases it.
/// </summary>
public sealed class StoredStage : InvertibleModule
{
    public readonly nn.Module<Tensor, Tensor> Inner;
    private Tensor? _input;

    public StoredStage(nn.Module<Tensor, Tensor> inner) : base(nameof(StoredStage))
    {
        Inner = inner;
        RegisterComponents();
    }

    public override bool KeepsInput => true;

    public override Tensor forward(Tensor x) => Inner.forward(x);

    public override Tensor ForwardNoGrad(Tensor x)
    {
        _input = x;
        return Inner.forward(x);
    }

    public override Tensor Inverse(Tensor y) =>
        _input ?? throw new InvalidOperationException("a stored stage can only be inverted after a memory-saving forward pass");

    /// <summary>
    /// True when the inner module treats every sample on its own (a convolution, no batch statistics): its
    /// recomputation then runs on slices of the batch, so that its activations and workspace do not grow with it.
    /// </summary>
    public bool BatchSeparable { get; init; }

    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink)
    {
        var x = Inverse(y);
        _input = null;
        y.Dispose();
        Tensor gx;
        if (!BatchSeparable) gx = LocalGradient(Inner, x, gradY, sink);
        else
        {
            gx = empty_like(x);
            foreach (var (start, length) in BatchSlices.Of(gradY))
            {
                using var scope = NewDisposeScope();
                var part = LocalGradient(Inner, x.narrow(0, start, length), gradY.narrow(0, start, length), sink);
                using (no_grad()) gx.narrow(0, start, length).copy_(part);
            }
        }
        gradY.Dispose();
        return (x, gx);
    }
}

/// <summary>
/// A chain of modules that drops its reference to each intermediate as soon as the next one exists (as Python's
/// reference counting would): what autograd saved stays alive, the rest is freed at once.
/// </summary>
public sealed class Chain : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _modules;

    public Chain(params nn.Module<Tensor, Tensor>[] modules) : base(nameof(Chain))
    {
        _modules = modules;
        // Same parameter names as nn.Sequential ("0.weight", ...).
        for (var i = 0; i < modules.Length; i++) register_module(i.ToString(), modules[i]);
    }

    public override Tensor forward(Tensor x)
    {
        var z = x;
        foreach (var m in _modules)
        {
            var next = m.forward(z);
            if (!ReferenceEquals(z, x)) z.Dispose();
            z = next;
        }
        return z;
    }
}

/// <summary>Wraps a plain function as a module (pooling, padding, activation between stored layers).</summary>
public sealed class Lambda : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _f;
    public Lambda(string name, Func<Tensor, Tensor> f) : base(name) => _f = f;
    public override Tensor forward(Tensor x) => _f(x);
}
