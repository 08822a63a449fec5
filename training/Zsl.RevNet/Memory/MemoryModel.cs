using Zsl.RevNet.Models;

namespace Zsl.RevNet.Memory;

/// <summary>Training memory of an architecture in the thesis' form M = M_θ + (M'_z + M'_g)·(h·w·bs) (eqs. 3.5–3.13).</summary>
public sealed record MemoryEstimate(
    ArchitectureKind Kind, long Parameters, double ThetaBytes, double ActivationBytesPerPixel, double GradientBytesPerPixel,
    double? ThesisThetaBytes, double? ThesisBytesPerPixel, string Terms)
{
    public double BytesPerPixel => ActivationBytesPerPixel + GradientBytesPerPixel;

    /// <summary>Total M for a batch (the thesis' example: 32 images of 240×240).</summary>
    public double Total(int batch, int height, int width) => ThetaBytes + BytesPerPixel * batch * height * width;
}

/// <summary>
/// Analytic memory of this implementation, counted in float32 elements per input pixel (bpe = 4), with
/// c_s the channels and p_s = 4^-s the pixel factor of stage s, I the input channels:
/// <list type="bullet">
/// <item>ResNet (ordinary autograd): M'_z = Σ over conv/BN layers of p_i·c_i (eq. 3.7d; a block stores its conv1
/// input (shared with the previous ReLU output), BN1 input, ReLU output, BN2 input = 4 c_s p_s), + the stem (image, BN
/// input, ReLU output), projection shortcuts (BN input), max-pooling indices (int64 = 2 float32 per output element);
/// M'_g = p·max(c_in, c_out) of the last convolution (eq. 3.9c).</item>
/// <item>RevNet / i-RevNet (block-wise inverse): stored: image + inputs of max pooling (RevNet's global bottleneck).
/// Peak in the first block's backward (local bottleneck): its output being turned into its input in place (c0) and
/// the hidden activations of one module recomputed with autograd (4 tensors of c0/2); gradients: the block's (c0, in
/// place) and two inside the module (2·c0/2).</item>
/// <item>Layer-wise / hybrid (layer-wise inverses inside blocks): image + output→input in place (c0) + for the hybrid the
/// module output being inverted layer by layer (c0/2) + the single convolution recomputed inside an invertible
/// convolution (c/2 of the coupling's channels c); gradients likewise (c0, hybrid: the module's gradient copy c0/2, the
/// convolution's input gradient c/2).</item>
/// </list>
/// The thesis' figures (table 3.1) are given beside; they are for its own layer inventory, which the text does not
/// list completely.
/// </summary>
public static class MemoryModel
{
    private const double Bpe = 4;

    public static readonly IReadOnlyDictionary<ArchitectureKind, (double Theta, double PerPixel)> Thesis = new Dictionary<ArchitectureKind, (double, double)>
    {
        [ArchitectureKind.ResNet] = (12.4e6, 1928),
        [ArchitectureKind.RevNet] = (12.4e6, 640),
        [ArchitectureKind.IRevNet] = (171e6, 640),
        [ArchitectureKind.LayerWise] = (29.6e6, 320),
        [ArchitectureKind.Hybrid] = (14.8e6, 352),
    };

    public static MemoryEstimate Estimate(Architecture a, long parameters)
    {
        var c = a.Channels.Select(x => (double)x).ToArray();
        double P(int s) => Math.Pow(4, -s);
        double I = a.InputChannels, c0 = c[0];
        double z, g;
        string terms;
        switch (a.Kind)
        {
            case ArchitectureKind.ResNet:
            {
                var stem = I + 2 * c0;
                double blocks = 0, shortcuts = 0, indices = 0;
                for (var s = 0; s < c.Length; s++)
                {
                    blocks += a.BlocksPerStage * 4 * c[s] * P(s);
                    if (s > 0)
                    {
                        // First block of the stage: its conv1 input is the pooled c_{s-1} (shared), BN1 input c_s;
                        // the projection shortcut adds a BN input of c_s.
                        shortcuts += c[s] * P(s);
                        indices += 2 * c[s - 1] * P(s);
                    }
                }
                z = stem + blocks + shortcuts + indices;
                g = c[^1] * P(c.Length - 1);
                terms = $"stem {stem:F0} + blocks {blocks:F0} + shortcuts {shortcuts:F0} + pool indices {indices:F0}; grad {g:F0}";
                break;
            }
            case ArchitectureKind.RevNet or ArchitectureKind.IRevNet:
            {
                double stored = 0;
                if (a.Kind == ArchitectureKind.RevNet)
                    for (var s = 0; s + 1 < c.Length; s++) stored += c[s] * P(s);
                z = I + stored + c0 + 4 * (c0 / 2);
                g = c0 + 2 * (c0 / 2);
                terms = $"image {I:F0} + pooling inputs {stored:F0} + block in/out {c0:F0} + module hidden {2 * c0:F0}; grad {g:F0}";
                break;
            }
            case ArchitectureKind.Hybrid:
                z = I + c0 + c0 / 2 + c0 / 4;
                g = c0 + c0 / 2 + c0 / 4;
                terms = $"image {I:F0} + block in/out {c0:F0} + module output {c0 / 2:F0} + conv {c0 / 4:F0}; grad {g:F0}";
                break;
            case ArchitectureKind.LayerWise:
                z = I + c0 + c0 / 2;
                g = c0 + c0 / 2;
                terms = $"image {I:F0} + layer in/out {c0:F0} + conv {c0 / 2:F0}; grad {g:F0}";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(a));
        }
        var thesis = Thesis[a.Kind];
        return new MemoryEstimate(a.Kind, parameters, parameters * Bpe, z * Bpe, g * Bpe, thesis.Theta, thesis.PerPixel, terms);
    }

    /// <summary>Least-squares line y = a + b·x; returns (intercept, slope).</summary>
    public static (double Intercept, double Slope) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException("a least-squares line needs at least two points");
        var mx = x.Average();
        var my = y.Average();
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        if (sxx == 0) throw new ArgumentException("a least-squares line needs at least two distinct x values");
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var slope = sxy / sxx;
        return (my - slope * mx, slope);
    }
}
