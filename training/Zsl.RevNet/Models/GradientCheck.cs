using TorchSharp;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.RevNet.Models;

/// <summary>Relative gradient error of the recomputing backward against ordinary autograd (float64 reference).</summary>
public sealed record GradientComparison(ArchitectureKind Kind, string Precision, int Parameters, double GlobalRelativeError, double WorstParameterRelativeError);

public static class GradientCheck
{
    /// <summary>
    /// Same weights, same batch: gradients of the cross-entropy through the reference (float64, autograd storing every
    /// activation) and through the memory-saving backward in <paramref name="dtype"/>. Global error = ‖Δ‖ / ‖g‖ over all
    /// parameters; worst per-parameter error skips parameters whose true gradient is analytically zero (e.g. the β of a
    /// batch norm followed by another batch norm: ‖g‖ &lt; 1e-9 ‖g_all‖), where the ratio is round-off over round-off.
    /// </summary>
    public static GradientComparison Compare(Architecture arch, ScalarType dtype, int batch = 4, int size = 16, int seed = 7)
    {
        TorchRuntime.Initialize(seed);
        using var scope = NewDisposeScope();
        var net = new ReversibleNet(arch, float64);
        var x = randn(batch, arch.InputChannels, size, size, dtype: float64);
        var labels = randint(0, arch.Classes, batch, dtype: int64);
        var reference = Gradients(net, recompute: false, x, labels);
        var candidate = net;
        if (dtype != float64)
        {
            candidate = new ReversibleNet(arch, dtype);
            using (no_grad())
                foreach (var (p, q) in net.parameters().Zip(candidate.parameters())) q.copy_(p);
        }
        var recomputed = Gradients(candidate, recompute: true, x.to(dtype), labels);
        var total = Math.Sqrt(reference.Sum(r => r.square().sum().item<double>()));
        double diff = 0, worst = 0;
        foreach (var (r, g) in reference.Zip(recomputed))
        {
            var d = (r - g.to(float64)).square().sum().item<double>();
            diff += d;
            var norm = r.norm().item<double>();
            if (norm > 1e-9 * total) worst = Math.Max(worst, Math.Sqrt(d) / norm);
        }
        return new GradientComparison(arch.Kind, dtype == float64 ? "float64" : dtype.ToString().ToLowerInvariant(), reference.Count, Math.Sqrt(diff) / total, worst);
    }

    private static List<Tensor> Gradients(ReversibleNet model, bool recompute, Tensor input, Tensor labels)
    {
        model.Recompute = recompute;
        model.train();
        model.zero_grad();
        nn.functional.cross_entropy(model.forward(input), labels).backward();
        return model.parameters().Select(p => p.grad!.to(float64).clone()).ToList();
    }
}
