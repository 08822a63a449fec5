using Zsl.Torch;
using TorchSharp;
using Zsl.Models.Data;
using static TorchSharp.torch;

namespace Zsl.Models.Models;

/// <summary>
/// The sufficient statistics of ESZSL over a stream of labelled images: XXᵀ (d x d) and the per-class feature sums
/// (classes x d), both float64. Memory is O(d² + classes·d) whatever the number of images.
/// </summary>
public sealed class EszslAccumulator : IDisposable
{
    /// <summary>float32 batches are summed in float32 buffers for at most this many images, then added to the float64 totals.</summary>
    public const int Float32FlushImages = 16_384;

    internal static Scalar One => Scalars.Of(1);
    private readonly Dictionary<string, int> _index;
    private readonly Tensor _gram, _classSums, _gram32, _classSums32;
    private long _pending;
    public IReadOnlyList<string> Classes { get; }
    /// <summary>XXᵀ (d x d, float64) over every image added so far.</summary>
    public Tensor Gram { get { Flush(); return _gram; } }
    /// <summary>The per-class feature sums (classes x d, float64).</summary>
    public Tensor ClassSums { get { Flush(); return _classSums; } }
    public long[] Counts { get; }
    public long Images { get; private set; }

    public EszslAccumulator(int dimension, IReadOnlyList<string> classes)
    {
        Classes = classes;
        _index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        _gram = zeros([dimension, dimension], ScalarType.Float64);
        _classSums = zeros([classes.Count, dimension], ScalarType.Float64);
        _gram32 = zeros([dimension, dimension], ScalarType.Float32);
        _classSums32 = zeros([classes.Count, dimension], ScalarType.Float32);
        Counts = new long[classes.Count];
    }

    public bool Knows(string wnid) => _index.ContainsKey(wnid);

    /// <summary>Adds the batch's rows of known classes (others are skipped).</summary>
    public void Add(FeatureBatch batch)
    {
        var rows = Enumerable.Range(0, batch.Count).Where(i => _index.ContainsKey(batch.Wnids[i])).ToArray();
        if (rows.Length == 0) return;
        using var scope = NewDisposeScope();
        var x = tensor(batch.Values, [batch.Count, batch.Dimension]);
        if (rows.Length != batch.Count) x = x.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
        Add(x, rows.Select(r => (long)_index[batch.Wnids[r]]).ToArray());
    }

    /// <summary>Adds images <paramref name="x"/> (n x d) of classes <paramref name="classIndex"/>.</summary>
    public void Add(Tensor x, long[] classIndex)
    {
        using var scope = NewDisposeScope();
        var index = tensor(classIndex);
        if (x.dtype == ScalarType.Float32)
        {
            // One BLAS GEMM (sgemm, twice as fast as dgemm) per batch into a float32 buffer; the buffer is added to
            // the float64 totals every Float32FlushImages images, so float32 sums never run over many images.
            if (_pending + classIndex.Length > Float32FlushImages) Flush();
            _gram32.addmm_(x.t(), x);
            _classSums32.index_add_(0, index, x, One);
            _pending += classIndex.Length;
        }
        else
        {
            var x64 = x.to_type(ScalarType.Float64);
            _gram.addmm_(x64.t(), x64);
            _classSums.index_add_(0, index, x64, One);
        }
        foreach (var c in classIndex) Counts[c]++;
        Images += classIndex.Length;
    }

    private void Flush()
    {
        if (_pending == 0) return;
        _gram.add_(_gram32, One);
        _classSums.add_(_classSums32, One);
        _gram32.zero_();
        _classSums32.zero_();
        _pending = 0;
    }

    /// <summary>
    /// XY (d x classes). Signed labels Y in {-1, 1} (the paper's): column c = 2 · (sum of class c) - (sum of all images);
    /// one-hot labels Y in {0, 1}: column c = sum of class c.
    /// </summary>
    public Tensor XY(bool signed = true)
    {
        using var scope = NewDisposeScope();
        if (!signed) return ClassSums.t().contiguous().MoveToOuterDisposeScope();
        var total = ClassSums.sum(0, keepdim: true);
        return (2 * ClassSums - total).t().MoveToOuterDisposeScope();
    }

    public void Dispose() { _gram.Dispose(); _classSums.Dispose(); _gram32.Dispose(); _classSums32.Dispose(); }
}

/// <summary>
/// ESZSL (Romera-Paredes and Torr 2015): V = (XXᵀ + γI)⁻¹ X Y Sᵀ (SSᵀ + λI)⁻¹, with X the d x n images, Y the n x z
/// labels in {-1, 1}, S the a x z class semantics (here stored as z x a rows). Score of image x for class c: xᵀ V s_c.
/// </summary>
public static class EszslSolver
{
    /// <summary>The closed form with linear solves (float64). <paramref name="semantics"/> is z x a (one row per class).</summary>
    public static Tensor ClosedForm(Tensor gram, Tensor xy, Tensor semantics, double gamma, double lambda)
    {
        using var scope = NewDisposeScope();
        var d = gram.shape[0];
        var s = semantics.to_type(ScalarType.Float64);
        var a = s.shape[1];
        var left = linalg.solve(gram + gamma * eye(d, dtype: ScalarType.Float64), xy.mm(s));       // (XXᵀ+γI)⁻¹ XYSᵀ
        var right = s.t().mm(s) + lambda * eye(a, dtype: ScalarType.Float64);                      // SSᵀ+λI (symmetric)
        return linalg.solve(right, left.t()).t().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Solves for many (γ, λ) at once from two eigendecompositions: XXᵀ = QΛQᵀ, SSᵀ = PMPᵀ give
    /// V = Q [(QᵀXYSᵀP) ⊘ ((Λ+γ)(M+λ)ᵀ)] Pᵀ.
    /// </summary>
    public sealed class Eigen : IDisposable
    {
        private readonly Tensor _q, _lambdas, _p, _mus, _core;
        public double MeanGramEigenvalue { get; }
        public double MeanSemanticEigenvalue { get; }

        public Eigen(Tensor gram, Tensor xy, Tensor semantics)
        {
            using var scope = NewDisposeScope();
            var s = semantics.to_type(ScalarType.Float64);
            var (l, q) = linalg.eigh(gram);
            var (m, p) = linalg.eigh(s.t().mm(s));
            _q = q.MoveToOuterDisposeScope(); _lambdas = l.clamp_min(Scalars.Of(0)).MoveToOuterDisposeScope();
            _p = p.MoveToOuterDisposeScope(); _mus = m.clamp_min(Scalars.Of(0)).MoveToOuterDisposeScope();
            _core = q.t().mm(xy.mm(s)).mm(p).MoveToOuterDisposeScope();
            MeanGramEigenvalue = _lambdas.mean().item<double>();
            MeanSemanticEigenvalue = _mus.mean().item<double>();
        }

        public Tensor Solve(double gamma, double lambda)
        {
            using var scope = NewDisposeScope();
            var scale = (_lambdas + gamma).unsqueeze(1).mm((_mus + lambda).unsqueeze(0));
            return _q.mm(_core / scale).mm(_p.t()).MoveToOuterDisposeScope();
        }

        public void Dispose() { _q.Dispose(); _lambdas.Dispose(); _p.Dispose(); _mus.Dispose(); _core.Dispose(); }
    }
}
