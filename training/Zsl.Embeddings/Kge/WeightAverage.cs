using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>
/// An exponential moving average of a module's floating-point parameters and buffers (Polyak averaging), updated
/// after every optimiser step: average ← average + (1 − d_t)·(live − average), with d_t = min(decay, (1 + t)/(10 + t))
/// at update t so that the first updates are not held back by the initial weights. With a constant learning rate the
/// live weights keep jittering around a region of low loss; their average sits nearer its centre.
/// <see cref="Apply"/> swaps the averages into the module (for validation, checkpointing and testing) until disposed.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly Tensor[] _live;
    private readonly Tensor[] _average;
    private bool _applied;

    public double Decay { get; }
    public long Updates { get; private set; }

    public WeightAverage(nn.Module module, double decay)
    {
        if (decay is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the decay must be in (0, 1)");
        Decay = decay;
        _live = module.parameters().Concat(module.buffers()).Where(t => t.is_floating_point()).ToArray();
        using (no_grad()) _average = _live.Select(t => t.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The decay of update <paramref name="t"/> (1-based).</summary>
    public double DecayAt(long t) => Math.Min(Decay, (1.0 + t) / (10.0 + t));

    public void Update()
    {
        if (_applied) throw new InvalidOperationException("the averages are applied to the module: dispose the Apply() scope first");
        Updates++;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = 1 - DecayAt(Updates);
        for (var i = 0; i < _live.Length; i++)
            // a 0-dim tensor weight, not a double: an implicit TorchSharp Scalar can be freed while libtorch reads it
            _average[i].lerp_(_live[i], tensor(weight, dtype: _average[i].dtype));
    }

    /// <summary>Puts the averaged weights into the module; disposing the result puts the live weights back.</summary>
    public IDisposable Apply()
    {
        if (_applied) throw new InvalidOperationException("the averages are already applied");
        Swap();
        _applied = true;
        return new Restore(this);
    }

    private void Swap()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < _live.Length; i++)
        {
            var live = _live[i].clone();
            _live[i].copy_(_average[i]);
            _average[i].copy_(live);
        }
    }

    private sealed class Restore(WeightAverage owner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            owner.Swap();
            owner._applied = false;
        }
    }

    public void Dispose()
    {
        foreach (var t in _average) t.Dispose();
    }
}
