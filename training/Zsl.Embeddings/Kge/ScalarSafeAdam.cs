using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.Embeddings.Kge;

/// <summary>
/// Adam (Kingma &amp; Ba; L2 weight decay added to the gradient, as torch.optim.Adam).
/// <para>
/// Contiguous float32 CPU parameters are updated by one fused, vectorised C# pass over parameter, gradient and both
/// moments, split into fixed chunks over the torch thread count (elementwise, so the result does not depend on the
/// split). The tensor-op version makes about ten passes over each (2.3 × slower on the 8.2 M entity parameters of a
/// WN18RR model: tools/bench/kge-kernels.sh). Other parameters take the tensor path, with every scalar
/// operand held in a <c>using</c> variable: TorchSharp's own Adam passes implicitly converted Scalars that a garbage
/// collection can finalize while libtorch reads them ("Unknown scalar type", seen in a long DistMult run).
/// </para>
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

    /// <summary>False: every parameter takes the tensor-op path (the reference the fused pass is tested against).</summary>
    public bool Fused { get; init; } = true;

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
        var update = new Update((float)_beta1, (float)_beta2, (float)_epsilon, (float)_weightDecay,
            (float)(-LearningRate / correction1), (float)(1 / Math.Sqrt(correction2)));
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } grad) continue;
            if (Fused && CanFuse(p, grad)) StepFused(p, grad, _firstMoments[i], _secondMoments[i], update);
            else StepTensors(p, grad, _firstMoments[i], _secondMoments[i], correction1, correction2);
        }
    }

    private static bool CanFuse(Tensor p, Tensor grad) =>
        p.dtype == ScalarType.Float32 && grad.dtype == ScalarType.Float32 && p.device_type == DeviceType.CPU
        && grad.device_type == DeviceType.CPU && p.is_contiguous() && grad.is_contiguous() && p.numel() == grad.numel();

    private readonly record struct Update(float Beta1, float Beta2, float Epsilon, float WeightDecay, float StepSize, float InverseRootCorrection2);

    private static unsafe void StepFused(Tensor p, Tensor grad, Tensor m, Tensor v, Update u)
    {
        var count = p.numel();
        if (count == 0) return;
        fixed (byte* pBytes = p.bytes, gBytes = grad.bytes, mBytes = m.bytes, vBytes = v.bytes)
        {
            var (pp, gp, mp, vp) = ((nint)pBytes, (nint)gBytes, (nint)mBytes, (nint)vBytes);
            var threads = (int)Math.Clamp(count / 65_536, 1, Math.Max(1, get_num_threads()));
            if (threads == 1) { Kernel((float*)pp, (float*)gp, (float*)mp, (float*)vp, 0, count, u); return; }
            var chunk = (count + threads - 1) / threads;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var start = t * chunk;
                Kernel((float*)pp, (float*)gp, (float*)mp, (float*)vp, start, Math.Min(count, start + chunk), u);
            });
        }
    }

    private static unsafe void Kernel(float* p, float* g, float* m, float* v, long start, long end, Update u)
    {
        var i = start;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var (b1, b2, c1, c2) = (new Vector<float>(u.Beta1), new Vector<float>(u.Beta2), new Vector<float>(1 - u.Beta1), new Vector<float>(1 - u.Beta2));
            var (eps, decay, step, inverseRoot) = (new Vector<float>(u.Epsilon), new Vector<float>(u.WeightDecay), new Vector<float>(u.StepSize), new Vector<float>(u.InverseRootCorrection2));
            for (; i + width <= end; i += width)
            {
                var pv = Vector.Load(p + i);
                var gv = Vector.Load(g + i);
                if (u.WeightDecay != 0) gv += decay * pv;
                var mv = b1 * Vector.Load(m + i) + c1 * gv;
                var vv = b2 * Vector.Load(v + i) + c2 * (gv * gv);
                mv.Store(m + i);
                vv.Store(v + i);
                (pv + step * mv / (Vector.SquareRoot(vv) * inverseRoot + eps)).Store(p + i);
            }
        }
        for (; i < end; i++)
        {
            var gi = g[i];
            if (u.WeightDecay != 0) gi += u.WeightDecay * p[i];
            var mi = m[i] = u.Beta1 * m[i] + (1 - u.Beta1) * gi;
            var vi = v[i] = u.Beta2 * v[i] + (1 - u.Beta2) * (gi * gi);
            p[i] += u.StepSize * mi / (MathF.Sqrt(vi) * u.InverseRootCorrection2 + u.Epsilon);
        }
    }

    private void StepTensors(Tensor p, Tensor grad, Tensor firstMoment, Tensor secondMoment, double correction1, double correction2)
    {
        using var scope = NewDisposeScope();
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var epsilon = _epsilon.ToScalar();
        using var stepSize = (-LearningRate / correction1).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var weightDecay = _weightDecay.ToScalar();
        var g = _weightDecay != 0 ? grad.add(p, weightDecay) : grad;
        firstMoment.mul_(beta1).add_(g, oneMinusBeta1);
        secondMoment.mul_(beta2).addcmul_(g, g, oneMinusBeta2);
        var denominator = secondMoment.sqrt().div_(rootCorrection2).add_(epsilon);
        p.addcdiv_(firstMoment, denominator, stepSize);
    }

    public void Dispose()
    {
        foreach (var t in _firstMoments.Concat(_secondMoments)) t.Dispose();
    }
}
