using Zsl.Torch;
using TorchSharp;
using TorchSharp.Modules;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Store;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Zsl.Models.Models;

/// <summary>
/// Graph models that regress the seen classes' classifier weights over the WordNet hierarchy induced by the training
/// and test classes (node features = class embeddings): GCNZ (Wang et al. 2018, 6 layers), the 2-layer GCN of
/// Kampffmeyer et al. and their dense graph propagation (ADGPM/DGP: descendant phase then ancestor phase, one learned
/// weight per distance). Unseen classifiers are read off the graph's output.
/// </summary>
public static class GcnTrainer
{
    public const int AdgpmMaxDistance = 4;

    public static async Task<ZslModel> TrainAsync(TrainOptions options, FeatureFile file, ZslSplit split, ClassEmbeddings embeddings,
        WordNetHierarchy hierarchy, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var form = options.GcnForm;
        if (form is not ("gcnz" or "gcn2" or "adgpm")) throw new ArgumentException($"unknown GCN form '{form}', expected gcnz, gcn2 or adgpm");
        foreach (var c in split.All)
            if (!hierarchy.Contains(c)) throw new ArgumentException($"class {c} is not in the WordNet hierarchy of the database");

        // Targets: the seen classes' classifier weights (given, or a softmax classifier trained here without bias).
        Tensor targets;
        if (options.Classifier is not null)
        {
            var given = await ClassEmbeddings.LoadAsync(options.Classifier, cancellationToken);
            if (given.Dimension != file.Dimension) throw new DataFormatException(options.Classifier, null, $"classifier weights of the feature dimension {file.Dimension}, found {given.Dimension}");
            targets = ZslModel.Matrix(given.For(split.Train, options.Classifier));
        }
        else
        {
            var (w, b) = await TrainSoftmaxAsync(options, file, split, progress, cancellationToken);
            targets = w.t().contiguous();
            b.Dispose();
        }
        using var normalizedTargets = functional.normalize(targets, p: 2, dim: 1);
        targets.Dispose();

        var (nodes, edges) = hierarchy.Induce(split.All);
        var features = nodes.Select(n => embeddings.Vectors.TryGetValue(n, out var v) ? Semantics.Normalized(v) : new float[embeddings.Dimension]).ToArray();
        using var x = ZslModel.Matrix(features);
        var hidden = options.Hidden ?? (form == "gcnz" ? [2048, 2048, 1024, 1024, 512] : [2048]);
        using var net = form == "adgpm"
            ? (nn.Module<Tensor, Tensor>)new DenseGraphPropagation(embeddings.Dimension, hidden[0], file.Dimension, nodes, hierarchy, options.Dropout)
            : new GraphConvolution(embeddings.Dimension, hidden, file.Dimension, nodes.Count, edges, options.Dropout);
        using var optimizer = new Zsl.Torch.Optimizers.Adam(net.parameters(), options.GcnLearningRate, 5e-4) { Fused = false };
        using var seenIndex = arange(split.Train.Count); // the classes come first among the nodes, training classes first
        double first = double.NaN, last = double.NaN;
        for (var epoch = 0; epoch < options.GcnEpochs; epoch++)
        {
            using var scope = NewDisposeScope();
            net.train();
            var output = functional.normalize(net.call(x), p: 2, dim: 1);
            var loss = (output.index_select(0, seenIndex) - normalizedTargets).pow(Scalars.Of(2)).sum(1).mean();
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            last = loss.item<float>();
            if (epoch == 0) first = last;
            if ((epoch + 1) % 10 == 0 || epoch + 1 == options.GcnEpochs)
                progress?.Report(new StageProgress($"{form}: epoch, loss {last:F4}", epoch + 1, options.GcnEpochs, "epochs"));
        }
        net.eval();
        float[][] weights;
        using (no_grad())
        using (var output = functional.normalize(net.call(x), p: 2, dim: 1))
        using (var classes = output[..split.All.Count])
            weights = ZslModel.ToFloatRows(classes);
        var training = new Dictionary<string, double> { ["nodes"] = nodes.Count, ["edges"] = edges.Count, ["first_loss"] = first, ["final_loss"] = last };
        if (net is DenseGraphPropagation dense)
        {
            // The learned distance weights α^d_k, α^a_k (k = 0 self, ..., K = distances ≥ K).
            var (descendant, ancestor) = dense.DistanceWeights();
            for (var k = 0; k < descendant.Length; k++) training[$"alpha_descendant_{k}"] = descendant[k];
            for (var k = 0; k < ancestor.Length; k++) training[$"alpha_ancestor_{k}"] = ancestor[k];
        }
        var info = new ZslModelInfo("gcn", ScoreKind.Bilinear, options.Seed, file.Dimension, file.Dimension, split.Train, split.Test,
            new Dictionary<string, double>
            {
                ["layers"] = form == "adgpm" ? 2 : hidden.Length + 1, ["epochs"] = options.GcnEpochs, ["learning_rate"] = options.GcnLearningRate,
                ["dropout"] = options.Dropout, ["form_" + form] = 1,
            },
            training);
        return new ZslModel(info, null, split.All.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => weights[p.i]));
    }

    private static Task<(Tensor, Tensor)> TrainSoftmaxAsync(TrainOptions options, FeatureFile file, ZslSplit split,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
        => ZslTrainer.TrainSoftmaxAsync(options, file, split.Train, bias: false, progress, cancellationToken);

    /// <summary>
    /// The (row, column) pairs of A^d_k and A^a_k for k = 0..K: row i, column j when j is a descendant (ancestor) of i
    /// at shortest directed distance k (k = K gathers every distance ≥ K; k = 0 is the node itself). Groups left empty
    /// by a small graph are dropped, so that no weight goes to a propagation that carries nothing.
    /// </summary>
    public static (List<(int Row, int Column)>[] Descendants, List<(int Row, int Column)>[] Ancestors) DenseGraphGroups(IReadOnlyList<string> nodes, WordNetHierarchy hierarchy)
    {
        var index = nodes.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var groups = AdgpmMaxDistance + 1;
        var down = Enumerable.Range(0, groups).Select(_ => new List<(int Row, int Column)>()).ToArray();
        var up = Enumerable.Range(0, groups).Select(_ => new List<(int Row, int Column)>()).ToArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            down[0].Add((i, i)); up[0].Add((i, i));
            // An ancestor j of i at upward distance k has i as a descendant at downward distance k: A^a_k = (A^d_k)ᵀ.
            foreach (var (ancestor, k) in hierarchy.Ancestors(nodes[i]).OrderBy(p => p.Key, StringComparer.Ordinal))
                if (index.TryGetValue(ancestor, out var j))
                {
                    var g = Math.Min(k, AdgpmMaxDistance);
                    up[g].Add((i, j));
                    down[g].Add((j, i));
                }
        }
        var keep = Enumerable.Range(0, groups).Where(g => down[g].Count > 0).ToArray();
        return (keep.Select(g => down[g]).ToArray(), keep.Select(g => up[g]).ToArray());
    }

    /// <summary>Row-normalised sparse adjacency D⁻¹A from (row, column) pairs.</summary>
    internal static Tensor RowNormalized(int n, IReadOnlyList<(int Row, int Column)> pairs)
    {
        var degree = new double[n];
        foreach (var (r, _) in pairs) degree[r]++;
        var indices = tensor(pairs.SelectMany(p => new long[] { p.Row, p.Column }).ToArray(), [pairs.Count, 2]).t().contiguous();
        var values = tensor(pairs.Select(p => (float)(1.0 / degree[p.Row])).ToArray());
        return sparse_coo_tensor(indices, values, [n, n]);
    }

    /// <summary>Symmetric normalisation D^-1/2 (A + I) D^-1/2 of the undirected hierarchy.</summary>
    internal static Tensor SymmetricNormalized(int n, IReadOnlyList<(int Child, int Parent)> edges)
    {
        var pairs = edges.SelectMany(e => new[] { (e.Child, e.Parent), (e.Parent, e.Child) }).Concat(Enumerable.Range(0, n).Select(i => (i, i))).Distinct().ToArray();
        var degree = new double[n];
        foreach (var (r, _) in pairs) degree[r]++;
        var indices = tensor(pairs.SelectMany(p => new long[] { p.Item1, p.Item2 }).ToArray(), [pairs.Length, 2]).t().contiguous();
        var values = tensor(pairs.Select(p => (float)(1.0 / Math.Sqrt(degree[p.Item1] * degree[p.Item2]))).ToArray());
        return sparse_coo_tensor(indices, values, [n, n]);
    }
}

/// <summary>A stack of graph convolutions H' = Â (dropout(H) Θ), LeakyReLU(0.2) between layers (GCNZ, GCN-2).</summary>
internal sealed class GraphConvolution : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> _layers = new();
    private readonly Tensor _adjacency;
    private readonly double _dropout;

    public GraphConvolution(int input, int[] hidden, int output, int nodes, IReadOnlyList<(int Child, int Parent)> edges, double dropout) : base("gcn")
    {
        var widths = new[] { input }.Concat(hidden).Append(output).ToArray();
        for (var i = 0; i + 1 < widths.Length; i++) _layers.Add(nn.Linear(widths[i], widths[i + 1]));
        _adjacency = GcnTrainer.SymmetricNormalized(nodes, edges);
        _dropout = dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        for (var i = 0; i < _layers.Count; i++)
        {
            h = functional.dropout(h, _dropout, training);
            h = _adjacency.mm(_layers[i].call(h));
            if (i + 1 < _layers.Count) h = functional.leaky_relu(h, 0.2);
        }
        return h;
    }

    protected override void Dispose(bool disposing) { if (disposing) _adjacency.Dispose(); base.Dispose(disposing); }
}

/// <summary>
/// Dense graph propagation (DGP, called ADGPM in the first version of Kampffmeyer et al., "Rethinking knowledge graph
/// propagation for zero-shot learning"): two layers, a descendant phase then an ancestor phase,
/// H = σ(Σ_k α^a_k (D^a_k)⁻¹ A^a_k · σ(Σ_k α^d_k (D^d_k)⁻¹ A^d_k X Θ_d) Θ_a), where row i of A^d_k links node i to its
/// descendants k hops down (A^d_0 = I), A^a_k = (A^d_k)ᵀ links it to its ancestors k hops up, D_k is the row degree of
/// A_k, and α = softmax of one learned weight per distance and phase. Distances of <see cref="GcnTrainer.AdgpmMaxDistance"/>
/// hops or more share the last weight. σ = LeakyReLU(0.2) after the first layer; dropout on each layer's input.
/// </summary>
internal sealed class DenseGraphPropagation : nn.Module<Tensor, Tensor>
{
    private readonly Linear _descendantLayer, _ancestorLayer;
    private readonly Parameter _descendantWeights, _ancestorWeights;
    private readonly Tensor[] _descendants, _ancestors;
    private readonly double _dropout;

    public DenseGraphPropagation(int input, int hidden, int output, IReadOnlyList<string> nodes, WordNetHierarchy hierarchy, double dropout) : base("adgpm")
    {
        var (down, up) = GcnTrainer.DenseGraphGroups(nodes, hierarchy);
        _descendants = down.Select(p => GcnTrainer.RowNormalized(nodes.Count, p)).ToArray();
        _ancestors = up.Select(p => GcnTrainer.RowNormalized(nodes.Count, p)).ToArray();
        _descendantLayer = nn.Linear(input, hidden);
        _ancestorLayer = nn.Linear(hidden, output);
        _descendantWeights = nn.Parameter(zeros(_descendants.Length));
        _ancestorWeights = nn.Parameter(zeros(_ancestors.Length));
        _dropout = dropout;
        RegisterComponents();
    }

    private static Tensor Propagate(Tensor[] adjacency, Tensor weights, Tensor h)
    {
        var alpha = functional.softmax(weights, 0);
        Tensor? sum = null;
        for (var k = 0; k < adjacency.Length; k++)
        {
            var term = adjacency[k].mm(h) * alpha[k];
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <summary>The learned distance weights α^d (descendant phase) and α^a (ancestor phase), for reports and tests.</summary>
    public (float[] Descendant, float[] Ancestor) DistanceWeights()
    {
        using var _ = no_grad();
        using var d = functional.softmax(_descendantWeights, 0);
        using var a = functional.softmax(_ancestorWeights, 0);
        return (d.data<float>().ToArray(), a.data<float>().ToArray());
    }

    public override Tensor forward(Tensor h)
    {
        h = _descendantLayer.call(functional.dropout(h, _dropout, training));
        h = functional.leaky_relu(Propagate(_descendants, _descendantWeights, h), 0.2);
        h = _ancestorLayer.call(functional.dropout(h, _dropout, training));
        return Propagate(_ancestors, _ancestorWeights, h);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var t in _ancestors.Concat(_descendants)) t.Dispose();
        base.Dispose(disposing);
    }
}
