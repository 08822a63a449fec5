using Zsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>
/// Invertible batch normalization, eq. 3.23: y = |γ + ε_i| (x − mean) / (std + ε) + β, and its inverse
/// x = (std + ε)(y − β) / |γ + ε_i| + mean. Only the per-channel batch statistics (mean, std) are kept for the inverse.
/// </summary>
public sealed class InvertibleBatchNorm : InvertibleModule
{
    public Parameter Gamma;
    public Parameter Beta;
    private Tensor _runningMean;
    private Tensor _runningVar;
    private Tensor? _savedMean;
    private Tensor? _savedStd;
    private StatisticsAccumulator? _accumulator;

    /// <summary>Per-channel mean used in evaluation mode.</summary>
    public Tensor RunningMean => _runningMean;
    /// <summary>Per-channel (unbiased) variance used in evaluation mode.</summary>
    public Tensor RunningVariance => _runningVar;

    public double Epsilon { get; }
    /// <summary>ε_i of eq. 3.23: lower bound on the scale |γ + ε_i|.</summary>
    public double GammaOffset { get; }
    public double Momentum { get; } = 0.1;
    /// <summary>Plain batch normalization (scale γ, no |γ + ε_i|): used inside non-invertible modules (ResNet, RevNet F/G).</summary>
    public bool Plain { get; }

    public InvertibleBatchNorm(long channels, double gammaOffset = 0.0, double epsilon = 1e-5, ScalarType dtype = ScalarType.Float32, bool plain = false)
        : base(nameof(InvertibleBatchNorm))
    {
        Epsilon = epsilon;
        Plain = plain;
        GammaOffset = gammaOffset;
        Gamma = new Parameter(ones(channels, dtype: dtype));
        Beta = new Parameter(zeros(channels, dtype: dtype));
        _runningMean = zeros(channels, dtype: dtype);
        _runningVar = ones(channels, dtype: dtype);
        RegisterComponents();
        register_buffer("running_mean", _runningMean);
        register_buffer("running_var", _runningVar);
    }

    private Tensor Scale() => Plain ? Gamma.view(1, -1, 1, 1) : Gamma.add(Scalars.Of(GammaOffset)).abs().view(1, -1, 1, 1);

    public override Tensor forward(Tensor x)
    {
        if (_accumulator is not null && training && !Recomputation.Active) Accumulate(x);
        if (Plain)
            // The library kernel (saves only its input and the batch statistics), as in an ordinary ResNet.
            return nn.functional.batch_norm(x, Recomputation.Active && training ? null : _runningMean, Recomputation.Active && training ? null : _runningVar,
                Gamma, Beta, training, Momentum, Epsilon);
        if (!training)
        {
            var std = _runningVar.sqrt().add(Scalars.Of(Epsilon)).view(1, -1, 1, 1);
            return Scale() * (x - _runningMean.view(1, -1, 1, 1)) / std + Beta.view(1, -1, 1, 1);
        }
        var mean = x.mean(new long[] { 0, 2, 3 }, keepdim: true);
        var variance = (x - mean).square().mean(new long[] { 0, 2, 3 }, keepdim: true);
        var sd = variance.sqrt();
        if (!Recomputation.Active && _accumulator is null)
        {
            using (no_grad())
            {
                _savedMean?.Dispose();
                _savedStd?.Dispose();
                _savedMean = mean.detach().clone().DetachFromDisposeScope();
                _savedStd = sd.detach().clone().DetachFromDisposeScope();
                var n = x.numel() / x.shape[1];
                _runningMean.mul_(Scalars.Of(1 - Momentum)).add_(mean.detach().flatten(), alpha: Scalars.Of(Momentum));
                _runningVar.mul_(Scalars.Of(1 - Momentum)).add_(variance.detach().flatten().mul(Scalars.Of(n / Math.Max(1.0, n - 1.0))), alpha: Scalars.Of(Momentum));
            }
        }
        return Scale() * (x - mean) / sd.add(Scalars.Of(Epsilon)) + Beta.view(1, -1, 1, 1);
    }

    /// <summary>Memory-saving forward: same result as training-mode forward, one output-sized tensor, saves the statistics.</summary>
    public override Tensor ForwardNoGrad(Tensor x)
    {
        if (Plain || !training || _accumulator is not null) return forward(x);
        using var scope = NewDisposeScope();
        var dims = new long[] { 0, 2, 3 };
        var mean = x.mean(dims, keepdim: true);
        var y = x - mean;
        var variance = y.square().mean(dims, keepdim: true);
        var sd = variance.sqrt();
        if (!Recomputation.Active)
        {
            _savedMean?.Dispose();
            _savedStd?.Dispose();
            _savedMean = mean.clone().DetachFromDisposeScope();
            _savedStd = sd.clone().DetachFromDisposeScope();
            var n = x.numel() / x.shape[1];
            _runningMean.mul_(Scalars.Of(1 - Momentum)).add_(mean.flatten(), alpha: Scalars.Of(Momentum));
            _runningVar.mul_(Scalars.Of(1 - Momentum)).add_(variance.flatten().mul(Scalars.Of(n / Math.Max(1.0, n - 1.0))), alpha: Scalars.Of(Momentum));
        }
        return y.mul_(Scale() / sd.add(Scalars.Of(Epsilon))).add_(Beta.view(1, -1, 1, 1)).MoveToOuterDisposeScope();
    }

    public override Tensor Inverse(Tensor y)
    {
        if (_savedMean is null || _savedStd is null)
            throw new InvalidOperationException("InvertibleBatchNorm.Inverse needs the statistics of a training-mode forward pass");
        using var scope = NewDisposeScope();
        return (_savedStd.add(Scalars.Of(Epsilon)) * (y - Beta.view(1, -1, 1, 1)) / Scale() + _savedMean).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Analytic backward in place from the output and the saved statistics (μ, σ; d = σ + ε, s = |γ + ε_i|):
    /// x̂ = (y − β)/s, ∂β = Σg, ∂s = Σ g·x̂, ĝ = s·g, ∂x = (ĝ − mean ĝ)/d − x̂·mean(ĝ·x̂)/σ, x = d·x̂ + μ.
    /// </summary>
    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink)
    {
        if (Plain || _savedMean is null || _savedStd is null) return base.Backward(y, gradY, sink);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dims = new long[] { 0, 2, 3 };
        var scale = Scale();
        var d = _savedStd.add(Scalars.Of(Epsilon));
        var xhat = y.sub_(Beta.view(1, -1, 1, 1)).div_(scale);
        sink.Add(Beta, gradY.sum(dims).DetachFromDisposeScope());
        // Per-channel sums of products over batch slices: no output-sized temporary.
        var gScale = BatchSlices.ChannelDot(gradY, xhat);
        var sign = Gamma.add(Scalars.Of(GammaOffset)).sign();
        sink.Add(Gamma, (gScale * sign).DetachFromDisposeScope());
        var ghat = gradY.mul_(scale);
        var meanG = ghat.mean(dims, keepdim: true);
        // mean(ĝ·x̂) = s·Σ(g·x̂)/n.
        var count = (double)(y.numel() / y.shape[1]);
        var meanGx = (gScale.view(1, -1, 1, 1) * scale).div_(Scalars.Of(count));
        ghat.sub_(meanG).div_(d);
        ghat.addcmul_(xhat, meanGx.div_(_savedStd.clamp_min(Scalars.Of(1e-30))), value: Scalars.Of(-1));
        xhat.mul_(d).add_(_savedMean);
        return (y, gradY);
    }

    /// <summary>
    /// Starts "precise" statistics: until <see cref="EndStatistics"/>, training-mode forward passes leave the running
    /// statistics alone and add their batch's per-channel sums of x and x² (float64) to an accumulator instead.
    /// </summary>
    public void BeginStatistics()
    {
        _accumulator?.Dispose();
        _accumulator = new StatisticsAccumulator();
    }

    /// <summary>Sets the running mean and variance to the mean and (unbiased) variance of every value seen since <see cref="BeginStatistics"/>.</summary>
    public void EndStatistics()
    {
        var a = _accumulator ?? throw new InvalidOperationException("EndStatistics without BeginStatistics");
        _accumulator = null;
        using var _ = a;
        if (a.Count == 0) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = a.Sum!.div(Scalars.Of(a.Count));
        var variance = a.SumOfSquares!.div(Scalars.Of(a.Count)).sub_(mean.square()).clamp_min_(Scalars.Of(0))
            .mul_(Scalars.Of(a.Count / Math.Max(1.0, a.Count - 1.0)));
        _runningMean.copy_(mean);
        _runningVar.copy_(variance);
    }

    private void Accumulate(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var xd = x.detach().to(ScalarType.Float64);
        var dims = new long[] { 0, 2, 3 };
        _accumulator!.Add(xd.sum(dims), xd.square().sum(dims), x.numel() / x.shape[1]);
    }

    private sealed class StatisticsAccumulator : IDisposable
    {
        public Tensor? Sum;
        public Tensor? SumOfSquares;
        public long Count;

        public void Add(Tensor sum, Tensor sumOfSquares, long count)
        {
            if (Sum is null) (Sum, SumOfSquares) = (sum.DetachFromDisposeScope(), sumOfSquares.DetachFromDisposeScope());
            else
            {
                Sum.add_(sum);
                SumOfSquares!.add_(sumOfSquares);
            }
            Count += count;
        }

        public void Dispose()
        {
            Sum?.Dispose();
            SumOfSquares?.Dispose();
        }
    }

    /// <summary>Inverse with given statistics (for the SNR study).</summary>
    public Tensor InverseWith(Tensor y, Tensor mean, Tensor std) =>
        std.view(1, -1, 1, 1).add(Scalars.Of(Epsilon)) * (y - Beta.view(1, -1, 1, 1)) / Scale() + mean.view(1, -1, 1, 1);
}
