using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>
/// Invertible leaky ReLU exactly as eq. 3.24: y = x for x &gt; 0, x / n otherwise; inverse x = y for y &gt; 0, y·n
/// otherwise. (The SNR factor α of eq. 3.28c is symmetric in n and 1/n, so this is the usual slope-n leaky ReLU up to
/// a scale of the negative half.) No parameters, nothing stored.
/// </summary>
public sealed class InvertibleLeakyRelu : InvertibleModule
{
    public double NegativeSlope { get; }

    public InvertibleLeakyRelu(double negativeSlope) : base(nameof(InvertibleLeakyRelu))
    {
        if (negativeSlope <= 0 || negativeSlope > 1) throw new ArgumentException($"negative slope n must be in (0, 1], got {negativeSlope}");
        NegativeSlope = negativeSlope;
    }

    public override Tensor forward(Tensor x) => where(x.gt(Scalars.Of(0)), x, x.div(Scalars.Of(NegativeSlope)));

    public override Tensor Inverse(Tensor y)
    {
        using var scope = NewDisposeScope();
        return where(y.gt(Scalars.Of(0)), y, y.mul(Scalars.Of(NegativeSlope))).MoveToOuterDisposeScope();
    }

    /// <summary>Analytic backward: the derivative is 1 or 1/n depending on the sign, which the output gives directly.</summary>
    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // In place, slice by slice of the batch (small temporaries): f = 1/n where y ≤ 0, else 1; g ← g·f (the
        // derivative), y ← y / f (the inverse).
        foreach (var (start, length) in BatchSlices.Of(y))
        {
            using var ys = y.narrow(0, start, length);
            using var gs = gradY.narrow(0, start, length);
            using var negative = ys.le(Scalars.Of(0));
            using var factor = negative.to(y.dtype).mul_(Scalars.Of(1 / NegativeSlope - 1)).add_(Scalars.Of(1));
            gs.mul_(factor);
            ys.div_(factor);
        }
        return (y, gradY);
    }
}
