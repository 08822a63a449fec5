using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>
/// Adam (Kingma &amp; Ba; L2 weight decay added to the gradient, as torch.optim.Adam) with every scalar operand held
/// in a <c>using</c> variable for the whole step. TorchSharp's own Adam passes implicitly converted Scalars to
/// libtorch; nothing keeps them reachable during the native call, so a garbage collection in that window can
/// finalize one while libtorch reads it ("Unknown scalar type", seen in a long DistMult run and in a CI test).
/// </summary>
public sealed class ScalarSafeAdam : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilon;
    private readonly double _weightDecay;
    private long _step;

    /// <summary>The step size; the trainer lowers it when the validation metric stalls (moments are kept).</summary>
    public double LearningRate { get; set; }

    public ScalarSafeAdam(IEnumerable<Tensor> parameters, double learningRate, double weightDecay = 0,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters.ToArray();
        using (no_grad())
        {
            _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
            _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        }
        (LearningRate, _weightDecay, _beta1, _beta2, _epsilon) = (learningRate, weightDecay, beta1, beta2, epsilon);
    }

    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad?.zero_();
    }

    public void Step()
    {
        _step++;
        using var _ = no_grad();
        var correction1 = 1 - Math.Pow(_beta1, _step);
        var correction2 = 1 - Math.Pow(_beta2, _step);
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var stepSize = (-LearningRate / correction1).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var weightDecay = _weightDecay.ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } grad) continue;
            using var scope = NewDisposeScope();
            var g = _weightDecay != 0 ? grad.add(p, weightDecay) : grad;
            _firstMoments[i].mul_(beta1).add_(g, oneMinusBeta1);
            _secondMoments[i].mul_(beta2).addcmul_(g, g, oneMinusBeta2);
            var denominator = _secondMoments[i].sqrt().div_(rootCorrection2).add_(epsilon);
            p.addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var t in _firstMoments.Concat(_secondMoments)) t.Dispose();
    }
}
