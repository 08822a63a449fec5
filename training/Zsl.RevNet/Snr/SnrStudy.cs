using TorchSharp;
using Zsl.RevNet.Layers;
using Zsl.RevNet.Models;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.RevNet.Snr;

public sealed record AlphaPoint(double Parameter, double Theory, double Measured);

public sealed record DepthCurve(ArchitectureKind Kind, int BlocksPerStage, double NegativeSlope, IReadOnlyList<string> Stages, IReadOnlyList<double> SnrDb);

/// <summary>
/// Numerical stability of inverse reconstructions (section 3.4.1): the SNR reduction α = snr_in / snr_out of one
/// inverse on Gaussian data (eqs. 3.19c, 3.22c, 3.28c), and the SNR of activations rebuilt top-down through a whole
/// float32 model (figures 3.10–3.14). SNR = |x|² / |x̃ − x|².
/// </summary>
public static class SnrStudy
{
    private static double Energy(Tensor t) => t.to(float64).square().sum().item<double>();

    /// <summary>Toy batch norm of eq. 3.17: two channels, β = 0, γ = [1, ρ], unit Gaussian input, Gaussian output noise.</summary>
    public static IReadOnlyList<AlphaPoint> ToyBatchNorm(IEnumerable<double> rhos, long samples = 200_000, double noise = 1e-3, int seed = 1)
    {
        TorchRuntime.Initialize(seed);
        var points = new List<AlphaPoint>();
        foreach (var rho in rhos)
        {
            using var scope = NewDisposeScope();
            var x = randn(samples, 2, 1, 1, dtype: float64);
            var bn = new InvertibleBatchNorm(2, 0.0, epsilon: 0, dtype: float64);
            using (no_grad()) bn.Gamma.copy_(tensor(new[] { 1.0, rho }, dtype: float64));
            Tensor y, xr, e;
            using (no_grad())
            {
                y = bn.forward(x);
                e = randn_like(y) * noise;
                xr = bn.Inverse(y + e);
            }
            var alpha = Energy(x) / Energy(xr - x) * (Energy(e) / Energy(y));
            var theory = 4 / ((1 + 1 / (rho * rho)) * (1 + rho * rho));
            points.Add(new AlphaPoint(rho, theory, alpha));
        }
        return points;
    }

    /// <summary>
    /// Randomly parameterised batch norms (eq. 3.22c): channel means x̂_i, deviations ẋ_i, γ_i, β_i drawn at random;
    /// Parameter = layer index. Theory: Σ(x̂²+ẋ²)/Σ(γ²+β²) · c/Σ(ẋ²/γ²).
    /// </summary>
    public static IReadOnlyList<AlphaPoint> RandomBatchNorms(int layers = 40, int channels = 16, long samples = 20_000, double noise = 1e-3, int seed = 2)
    {
        TorchRuntime.Initialize(seed);
        var random = new Random(seed);
        var points = new List<AlphaPoint>();
        for (var l = 0; l < layers; l++)
        {
            using var scope = NewDisposeScope();
            var means = Enumerable.Range(0, channels).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var stds = Enumerable.Range(0, channels).Select(_ => Math.Exp(random.NextDouble() * 2 - 1)).ToArray();
            var gammas = Enumerable.Range(0, channels).Select(_ => Math.Exp(random.NextDouble() * 3 - 1.5)).ToArray();
            var betas = Enumerable.Range(0, channels).Select(_ => random.NextDouble() - 0.5).ToArray();
            var x = randn(samples, channels, 1, 1, dtype: float64) * tensor(stds, dtype: float64).view(1, -1, 1, 1) + tensor(means, dtype: float64).view(1, -1, 1, 1);
            var bn = new InvertibleBatchNorm(channels, 0.0, epsilon: 0, dtype: float64);
            Tensor y, xr, e;
            using (no_grad())
            {
                bn.Gamma.copy_(tensor(gammas, dtype: float64));
                bn.Beta.copy_(tensor(betas, dtype: float64));
                y = bn.forward(x);
                e = randn_like(y) * noise;
                xr = bn.Inverse(y + e);
            }
            var alpha = Energy(x) / Energy(xr - x) * (Energy(e) / Energy(y));
            var theory = Enumerable.Range(0, channels).Sum(i => means[i] * means[i] + stds[i] * stds[i])
                         / Enumerable.Range(0, channels).Sum(i => gammas[i] * gammas[i] + betas[i] * betas[i])
                         * channels / Enumerable.Range(0, channels).Sum(i => stds[i] * stds[i] / (gammas[i] * gammas[i]));
            points.Add(new AlphaPoint(l, theory, alpha));
        }
        return points;
    }

    /// <summary>Invertible leaky ReLU (eq. 3.28c) on unit Gaussian input with small output noise.</summary>
    public static IReadOnlyList<AlphaPoint> LeakyRelu(IEnumerable<double> slopes, long samples = 400_000, double noise = 1e-4, int seed = 3)
    {
        TorchRuntime.Initialize(seed);
        var points = new List<AlphaPoint>();
        foreach (var n in slopes)
        {
            using var scope = NewDisposeScope();
            var f = new InvertibleLeakyRelu(n);
            var x = randn(samples, dtype: float64);
            Tensor y, xr, e;
            using (no_grad())
            {
                y = f.forward(x);
                e = randn_like(y) * noise;
                xr = f.Inverse(y + e);
            }
            var alpha = Energy(x) / Energy(xr - x) * (Energy(e) / Energy(y));
            points.Add(new AlphaPoint(n, 4 / ((1 + 1 / (n * n)) * (1 + n * n)), alpha));
        }
        return points;
    }

    /// <summary>
    /// SNR (dB) of every stage input rebuilt top-down from the body output of a float32 model in training mode, against
    /// the activations of the forward pass. Batch-norm scales are drawn uniformly in [1 − spread, 1 + spread] to mimic
    /// trained layers (at initialisation all γ = 1). For the hybrid, stages are blocks (block-level inverse) and, inside
    /// each block, the module input rebuilt layer-wise from the module output is reported too ("…/layer-wise").
    /// </summary>
    public static DepthCurve AlongDepth(Architecture arch, int batch = 8, int size = 32, double gammaSpread = 0.8, int seed = 4)
    {
        TorchRuntime.Initialize(seed);
        using var scope = NewDisposeScope();
        var model = new ReversibleNet(arch);
        model.train();
        var random = new Random(seed);
        using (no_grad())
            foreach (var bn in model.modules().OfType<InvertibleBatchNorm>().Where(b => !b.Plain))
                bn.Gamma.copy_(tensor(Enumerable.Range(0, (int)bn.Gamma.shape[0]).Select(_ => (float)(1 + gammaSpread * (2 * random.NextDouble() - 1))).ToArray()));
        var x = randn(batch, arch.InputChannels, size, size);
        var stages = model.Body.Stages.ToList();
        var inputs = new List<Tensor>();
        var names = new List<string>();
        var snr = new List<double>();
        Tensor z = x;
        using (no_grad())
        {
            foreach (var stage in stages)
            {
                inputs.Add(z);
                z = stage.ForwardNoGrad(z);
            }
            var rebuilt = z;
            using var recompute = Recomputation.Enter();
            for (var i = stages.Count - 1; i >= 1; i--) // stage 0 is the stored stem: its input is kept, not rebuilt
            {
                if (stages[i] is Coupling { Mode: CouplingBackward.LayerWise } block)
                {
                    // Layer-wise inverse inside the block: module G's input (y1 of the true block output) from G(y1).
                    var output = i == stages.Count - 1 ? z : inputs[i + 1];
                    var y1 = output.chunk(2, 1)[0];
                    var g = (InvertibleModule)block.G;
                    var inner = g.Inverse(g.ForwardNoGrad(y1));
                    names.Add($"{i}/layer-wise");
                    snr.Add(Db(y1, inner));
                }
                rebuilt = stages[i].Inverse(rebuilt);
                names.Add($"{i}:{stages[i].GetName()}");
                snr.Add(Db(inputs[i], rebuilt));
            }
        }
        return new DepthCurve(arch.Kind, arch.BlocksPerStage, arch.NegativeSlope, names, snr);
    }

    private static double Db(Tensor truth, Tensor estimate)
    {
        // Exact reconstructions (zero noise) are shown at the 200 dB cap.
        var noise = Energy(estimate - truth);
        return Math.Min(200, 10 * Math.Log10(Energy(truth) / Math.Max(noise, 1e-300)));
    }
}
