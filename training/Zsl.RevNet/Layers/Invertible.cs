using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>Collects the parameter gradients a recomputing backward pass produces (summed when a parameter is reached twice).</summary>
public sealed class GradientSink
{
    private readonly Dictionary<IntPtr, Tensor> _grads = new();

    public void Add(Tensor parameter, Tensor? gradient)
    {
        if (gradient is null) return;
        var key = parameter.Handle;
        if (_grads.TryGetValue(key, out var existing))
        {
            _grads[key] = existing.add(gradient).DetachFromDisposeScope();
            existing.Dispose();
            gradient.Dispose();
        }
        else _grads[key] = gradient.DetachFromDisposeScope();
    }

    /// <remarks>Gradients leave every dispose scope: they are handed to autograd, which owns them afterwards.</remarks>
    public Tensor? Take(Tensor parameter) => _grads.Remove(parameter.Handle, out var g) ? g : null;
}

/// <summary>
/// Flags of the current thread: inside a recomputation (backward pass) batch-norm layers neither update their running
/// statistics nor overwrite the statistics saved by the real forward pass.
/// </summary>
public static class Recomputation
{
    [ThreadStatic] private static int _depth;
    public static bool Active => _depth > 0;

    public static IDisposable Enter()
    {
        _depth++;
        return new Exit();
    }

    private sealed class Exit : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            _depth--;
        }
    }
}

/// <summary>
/// A stage of a reversible body: an ordinary forward (autograd-capable), an inverse that rebuilds the input from the
/// output without anything stored (or with what the thesis allows: batch statistics, max-pooling inputs), and a
/// backward that takes the output and its gradient and returns the input and its gradient, recomputing whatever
/// activations it needs and pushing parameter gradients into a <see cref="GradientSink"/>.
/// </summary>
public abstract class InvertibleModule : nn.Module<Tensor, Tensor>
{
    protected InvertibleModule(string name) : base(name) { }

    /// <summary>True when the memory-saving forward keeps a reference to its input (non-invertible stages).</summary>
    public virtual bool KeepsInput => false;

    /// <summary>Input from output, under no_grad.</summary>
    public abstract Tensor Inverse(Tensor y);

    /// <summary>Called by the memory-saving forward pass (no_grad): same as forward, may save what the inverse needs.</summary>
    public virtual Tensor ForwardNoGrad(Tensor x) => forward(x);

    /// <summary>
    /// Takes ownership of the output <paramref name="y"/> and its gradient: returns the input and its gradient (possibly
    /// the same tensors, overwritten in place) and disposes whatever it does not return. Default: x = inverse(y), then
    /// recompute this stage alone with autograd (its local activations live only during this call) and differentiate it.
    /// </summary>
    public virtual (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink)
    {
        Tensor x;
        using (no_grad()) x = Inverse(y);
        y.Dispose();
        var gx = LocalGradient(x, gradY, sink);
        gradY.Dispose();
        return (x, gx);
    }

    /// <summary>Recomputes forward(x) with autograd and returns d/dx, adding parameter gradients to the sink.</summary>
    public Tensor LocalGradient(Tensor x, Tensor gradY, GradientSink sink) => LocalGradient(this, x, gradY, sink);

    public static Tensor LocalGradient(nn.Module<Tensor, Tensor> module, Tensor x, Tensor gradY, GradientSink sink)
    {
        var parameters = module.parameters().Where(p => p.requires_grad).ToArray();
        using var recompute = Recomputation.Enter();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var xr = x.detach().requires_grad_(true);
        var yr = module.forward(xr);
        var inputs = new List<Tensor> { xr };
        inputs.AddRange(parameters);
        var grads = autograd.grad(new List<Tensor> { yr }, inputs, new List<Tensor> { gradY }, allow_unused: true);
        for (var i = 0; i < parameters.Length; i++)
            if (grads[i + 1] is { } g && !g.IsInvalid) sink.Add(parameters[i], g.detach().MoveToOuterDisposeScope());
        return grads[0].detach().MoveToOuterDisposeScope();
    }
}
