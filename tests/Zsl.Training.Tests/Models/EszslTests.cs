using Zsl.Models.Models;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Training.Tests.Models;

/// <summary>The ESZSL closed form against a direct dense solve and against gradient descent on the objective itself.</summary>
public class EszslTests
{
    private const int D = 6, A = 4, Z = 5, N = 40;
    private const double Gamma = 3.0, Lambda = 0.7;

    private static (double[,] X, double[,] Y, double[,] S, int[] Labels) RandomProblem(int seed)
    {
        var random = new Random(seed);
        var x = new double[D, N]; var s = new double[A, Z]; var y = new double[N, Z];
        var labels = new int[N];
        for (var i = 0; i < D; i++) for (var j = 0; j < N; j++) x[i, j] = random.NextDouble() * 2 - 1;
        for (var i = 0; i < A; i++) for (var j = 0; j < Z; j++) s[i, j] = random.NextDouble() * 2 - 1;
        for (var n = 0; n < N; n++) { labels[n] = n % Z; for (var c = 0; c < Z; c++) y[n, c] = c == labels[n] ? 1 : -1; }
        return (x, y, s, labels);
    }

    private static Tensor T(double[,] m) => tensor(m.Cast<double>().ToArray(), [m.GetLength(0), m.GetLength(1)], ScalarType.Float64);

    /// <summary>The accumulator fed in uneven batches (images as rows) reproduces XXᵀ and XY of the whole matrix.</summary>
    private static Tensor ClosedFormFromBatches(double[,] x, int[] labels, double[,] s)
    {
        using var acc = new EszslAccumulator(D, Enumerable.Range(0, Z).Select(c => $"c{c}").ToArray());
        var images = T(x).t().contiguous();
        foreach (var (start, length) in new[] { (0, 7), (7, 1), (8, 20), (28, 12) })
            acc.Add(images[start..(start + length)], labels[start..(start + length)].Select(l => (long)l).ToArray());
        Assert.Equal(N, acc.Images);
        using var xy = acc.XY(signed: true);
        return EszslSolver.ClosedForm(acc.Gram, xy, T(s).t(), Gamma, Lambda);
    }

    private static double RelativeDifference(Tensor a, Tensor b) => ((a - b).norm() / b.norm()).item<double>();

    [Fact]
    public void Closed_form_matches_a_direct_dense_solve_of_the_normal_equations()
    {
        TorchRuntime.Initialize(1);
        var (x, y, s, labels) = RandomProblem(11);
        using var closed = ClosedFormFromBatches(x, labels, s);
        // Setting the gradient to zero: (XXᵀ+γI) V (SSᵀ+λI) = X Y Sᵀ, i.e. [(SSᵀ+λI) ⊗ (XXᵀ+γI)] vec(V) = vec(XYSᵀ)
        // with column-major vec; solved as one dense (d·a) x (d·a) system.
        var xt = T(x); var st = T(s); var yt = T(y);
        var left = xt.mm(xt.t()) + Gamma * eye(D, dtype: ScalarType.Float64);
        var right = st.mm(st.t()) + Lambda * eye(A, dtype: ScalarType.Float64);
        var system = kron(right, left);
        var rhs = xt.mm(yt).mm(st.t()).t().reshape(-1, 1);   // column-major vec = row-major of the transpose
        var v = linalg.solve(system, rhs).reshape(A, D).t();
        Assert.True(RelativeDifference(closed, v) < 1e-10, $"relative difference {RelativeDifference(closed, v)}");
    }

    [Fact]
    public void Closed_form_matches_gradient_descent_on_the_objective()
    {
        TorchRuntime.Initialize(1);
        var (x, y, s, labels) = RandomProblem(23);
        using var closed = ClosedFormFromBatches(x, labels, s);
        // The ESZSL objective written out term by term:
        // L(V) = ||XᵀVS - Y||² + γ||VS||² + λ||XᵀV||² + γλ||V||², minimised by plain gradient descent (autograd).
        var xt = T(x); var st = T(s); var yt = T(y);
        var v = zeros([D, A], ScalarType.Float64).requires_grad_(true);
        // Step 1/L with L the largest eigenvalue of the Hessian 2 (SSᵀ+λI) ⊗ (XXᵀ+γI).
        var lA = linalg.eigvalsh(xt.mm(xt.t())).max().item<double>() + Gamma;
        var lB = linalg.eigvalsh(st.mm(st.t())).max().item<double>() + Lambda;
        var step = 1.0 / (2 * lA * lB);
        Tensor Objective() => (xt.t().mm(v).mm(st) - yt).pow(2).sum() + Gamma * v.mm(st).pow(2).sum()
                              + Lambda * xt.t().mm(v).pow(2).sum() + Gamma * Lambda * v.pow(2).sum();
        double previous = double.MaxValue;
        // Nesterov momentum for a strongly convex quadratic: converges linearly to machine precision.
        var mu = 2 * Gamma * Lambda;
        var kappa = 2 * lA * lB / mu;
        var momentum = (Math.Sqrt(kappa) - 1) / (Math.Sqrt(kappa) + 1);
        var last = v.detach().clone();
        for (var iteration = 0; iteration < 20_000; iteration++)
        {
            using var scope = NewDisposeScope();
            var loss = Objective();
            var gradient = autograd.grad([loss], [v])[0];
            using (no_grad())
            {
                var next = v - step * gradient;
                var lookahead = next + momentum * (next - last);
                last = next.detach().clone().MoveToOuterDisposeScope();
                v.copy_(lookahead);
            }
            var value = loss.item<double>();
            if (Math.Abs(previous - value) < 1e-15 * Math.Max(1, value) && iteration > 100) break;
            previous = value;
        }
        var relative = RelativeDifference(closed, last);
        Assert.True(relative < 1e-6, $"relative difference {relative}");
        // And the closed form is a minimum: any perturbation raises the objective.
        using (no_grad())
        {
            v.copy_(closed);
            var atClosed = Objective().item<double>();
            v.copy_(closed + 1e-3 * randn_like(closed));
            Assert.True(Objective().item<double>() > atClosed);
        }
    }

    [Fact]
    public void Eigen_solution_for_a_grid_equals_the_closed_form()
    {
        TorchRuntime.Initialize(1);
        var (x, _, s, labels) = RandomProblem(5);
        using var acc = new EszslAccumulator(D, Enumerable.Range(0, Z).Select(c => $"c{c}").ToArray());
        acc.Add(T(x).t().contiguous(), labels.Select(l => (long)l).ToArray());
        using var xy = acc.XY(signed: false);
        var semantics = T(s).t();
        using var eigen = new EszslSolver.Eigen(acc.Gram, xy, semantics);
        foreach (var (g, l) in new[] { (0.1, 0.01), (3.0, 0.7), (50.0, 5.0) })
            Assert.True(RelativeDifference(eigen.Solve(g, l), EszslSolver.ClosedForm(acc.Gram, xy, semantics, g, l)) < 1e-10);
    }
}
