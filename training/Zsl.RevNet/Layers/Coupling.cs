using TorchSharp;
using static TorchSharp.torch;

namespace Zsl.RevNet.Layers;

/// <summary>How a coupling differentiates its two modules during the backward pass.</summary>
public enum CouplingBackward
{
    /// <summary>RevNet: recompute F or G with autograd (all its hidden activations live at once: the local bottleneck).</summary>
    Autograd,
    /// <summary>Hybrid: F and G are invertible sequences, differentiated layer by layer from their outputs (eq. 3.31).</summary>
    LayerWise,
}

/// <summary>
/// RevNet coupling on a channel split x = [x1, x2]: y1 = x1 + F(x2), y2 = x2 + G(y1); inverse x2 = y2 − G(y1),
/// x1 = y1 − F(x2). With single convolutions as F and G it is the invertible convolution of section 3.4.1.3.
/// </summary>
public class Coupling : InvertibleModule
{
    public readonly nn.Module<Tensor, Tensor> F;
    public readonly nn.Module<Tensor, Tensor> G;
    public CouplingBackward Mode { get; }

    public Coupling(string name, nn.Module<Tensor, Tensor> f, nn.Module<Tensor, Tensor> g, CouplingBackward mode) : base(name)
    {
        F = f;
        G = g;
        Mode = mode;
        if (mode == CouplingBackward.LayerWise && (f is not InvertibleModule || g is not InvertibleModule))
            throw new ArgumentException("layer-wise coupling backward needs invertible F and G");
        RegisterComponents();
    }

    private static (Tensor, Tensor) Split(Tensor x)
    {
        var c = x.shape[1];
        if (c % 2 != 0) throw new ArgumentException($"a coupling needs an even channel count, got {c}");
        var halves = x.chunk(2, 1);
        return (halves[0], halves[1]);
    }

    public override Tensor forward(Tensor x)
    {
        var (x1, x2) = Split(x);
        var y1 = x1 + F.forward(x2);
        var y2 = x2 + G.forward(y1);
        return cat(new[] { y1, y2 }, 1);
    }

    public override Tensor ForwardNoGrad(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (x1, x2) = Split(x);
        var fx = Apply(F, x2);
        var y1 = x1 + fx;
        fx.Dispose();
        var gy = Apply(G, y1);
        var y2 = x2 + gy;
        gy.Dispose();
        return cat(new[] { y1, y2 }, 1).MoveToOuterDisposeScope();
    }

    private static Tensor Apply(nn.Module<Tensor, Tensor> m, Tensor x) => m is InvertibleModule inv ? inv.ForwardNoGrad(x) : m.forward(x);

    public override Tensor Inverse(Tensor y)
    {
        using var recompute = Recomputation.Enter();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (y1, y2) = Split(y);
        var x2 = y2 - Apply(G, y1);
        var x1 = y1 - Apply(F, x2);
        return cat(new[] { x1, x2 }, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// True when F and G treat every sample on its own (no batch statistics): their recomputation in the backward pass
    /// then runs on slices of the batch (<see cref="BatchSlices"/>), so that convolution workspace does not grow with it.
    /// </summary>
    public bool BatchSeparable { get; init; }

    /// <summary>In place: y becomes x (x2 = y2 − G(y1), then x1 = y1 − F(x2)) and the output gradient becomes the input gradient.</summary>
    public override (Tensor X, Tensor GradX) Backward(Tensor y, Tensor gradY, GradientSink sink)
    {
        using var scope = NewDisposeScope();
        var (y1, y2) = Split(y);
        var (g1, g2) = Split(gradY);
        // Through G (input y1): y2 − G(y1) = x2, and the gradient G sends to y1 (total gradient of y1 = of x1).
        Through(G, y1, g2, sink, subtractOutputFrom: y2, addInputGradientTo: g1);
        // Through F (input x2): y1 − F(x2) = x1, and the gradient of x2.
        Through(F, y2, g1, sink, subtractOutputFrom: y1, addInputGradientTo: g2);
        return (y, gradY);
    }

    /// <summary>
    /// Computes out = module(input) and the gradient of ⟨out, gradOut⟩ (parameter gradients into the sink), then, under
    /// no_grad, subtracts out from <paramref name="subtractOutputFrom"/> and adds the input gradient to
    /// <paramref name="addInputGradientTo"/> (neither overlaps the input or gradOut).
    /// </summary>
    private void Through(nn.Module<Tensor, Tensor> module, Tensor input, Tensor gradOut, GradientSink sink, Tensor subtractOutputFrom, Tensor addInputGradientTo)
    {
        using var recompute = Recomputation.Enter();
        if (Mode == CouplingBackward.LayerWise)
        {
            var inv = (InvertibleModule)module;
            Tensor output, gradCopy;
            using (no_grad())
            {
                output = inv.ForwardNoGrad(input);
                subtractOutputFrom.sub_(output);
                gradCopy = gradOut.clone();
            }
            // Layer-wise: the module's hidden activations are rebuilt from its output along the gradient; its
            // backward owns (overwrites) the output and the gradient copy.
            var (rebuiltInput, gradInput) = inv.Backward(output, gradCopy, sink);
            rebuiltInput.Dispose();
            using (no_grad()) addInputGradientTo.add_(gradInput);
            gradInput.Dispose();
            return;
        }
        var parameters = module.parameters().Where(p => p.requires_grad).ToArray();
        IEnumerable<(long Start, long Length)> slices = BatchSeparable ? BatchSlices.Of(input) : [(0L, input.shape[0])];
        foreach (var (start, length) in slices)
        {
            using var scope = NewDisposeScope();
            var whole = length == input.shape[0];
            Tensor yr, gIn;
            using (enable_grad())
            {
                var xr = (whole ? input : input.narrow(0, start, length)).detach().requires_grad_(true);
                yr = module.forward(xr);
                var inputs = new List<Tensor> { xr };
                inputs.AddRange(parameters);
                var grads = autograd.grad(new List<Tensor> { yr }, inputs, new List<Tensor> { whole ? gradOut : gradOut.narrow(0, start, length) }, allow_unused: true);
                for (var i = 0; i < parameters.Length; i++)
                    if (grads[i + 1] is { } g && !g.IsInvalid) sink.Add(parameters[i], g.detach().MoveToOuterDisposeScope());
                gIn = grads[0];
            }
            // Only now: the input is a view of the same storage, which autograd checks for in-place changes.
            using (no_grad())
            {
                (whole ? subtractOutputFrom : subtractOutputFrom.narrow(0, start, length)).sub_(yr.detach());
                (whole ? addInputGradientTo : addInputGradientTo.narrow(0, start, length)).add_(gIn);
            }
        }
    }
}

/// <summary>Invertible convolution (section 3.4.1.3): a minimal coupling whose F and G are single 3×3 convolutions.</summary>
public sealed class InvertibleConv : Coupling
{
    public InvertibleConv(long channels, ScalarType dtype = ScalarType.Float32)
        : base(nameof(InvertibleConv), Conv(channels / 2, dtype), Conv(channels / 2, dtype), CouplingBackward.Autograd)
    {
        BatchSeparable = true;
        if (channels % 2 != 0 || channels < 2) throw new ArgumentException($"an invertible convolution needs an even channel count, got {channels}");
    }

    private static nn.Module<Tensor, Tensor> Conv(long c, ScalarType dtype)
    {
        var conv = nn.Conv2d(c, c, 3, padding: 1, bias: false);
        conv.to(dtype);
        return conv;
    }
}
