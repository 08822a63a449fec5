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

/// <summary>
/// Splits batch-separable work of a backward pass (a recomputed convolution and its gradient, per-channel products)
/// into slices of the batch, so that its workspace has a fixed size instead of growing with the batch: the memory per
/// pixel is then what the algorithm keeps, not what a library kernel allocates on the side.
/// </summary>
public static class BatchSlices
{
    /// <summary>Elements per slice (default 2^16 = 256 KiB of float32); 0 or less = never split.</summary>
    public static long MaxElements { get; set; } = 1 << 16;

    /// <summary>(start, length) ranges along dimension 0 of <paramref name="t"/>, each at most <see cref="MaxElements"/> elements (at least one sample).</summary>
    public static IEnumerable<(long Start, long Length)> Of(Tensor t)
    {
        var n = t.shape[0];
        var perSample = Math.Max(1, t.numel() / Math.Max(1, n));
        var step = MaxElements <= 0 ? n : Math.Clamp(MaxElements / perSample, 1, n);
        for (long s = 0; s < n; s += step) yield return (s, Math.Min(step, n - s));
    }

    /// <summary>Σ over batch and space of a·b per channel (a, b: N×C×H×W) without a full-size temporary.</summary>
    public static Tensor ChannelDot(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var (s, n) in Of(a))
        {
            using var product = a.narrow(0, s, n) * b.narrow(0, s, n);
            var part = product.sum(new long[] { 0, 2, 3 });
            total = total is null ? part : total.add_(part);
        }
        return total!.MoveToOuterDisposeScope();
    }
}
