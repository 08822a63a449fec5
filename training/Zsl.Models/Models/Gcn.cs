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
/// Kampffmeyer et al. and their ADGPM-style dense propagation (ancestor phase then descendant phase, one learned
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
        using var optimizer = optim.Adam(net.parameters(), options.GcnLearningRate, weight_decay: 5e-4);
        using var seenIndex = arange(split.Train.Count); // the classes come first among the nodes, training classes first
        double first = double.NaN, last = double.NaN;
        for (var epoch = 0; epoch < options.GcnEpochs; epoch++)
        {
            using var scope = NewDisposeScope();
            net.train();
            var output = functional.normalize(net.call(x), p: 2, dim: 1);
            var loss = (output.index_select(0, seenIndex) - normalizedTargets).pow(2).sum(1).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
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
        var info = new ZslModelInfo("gcn", ScoreKind.Bilinear, options.Seed, file.Dimension, file.Dimension, split.Train, split.Test,
            new Dictionary<string, double>
            {
                ["layers"] = form == "adgpm" ? 2 : hidden.Length + 1, ["epochs"] = options.GcnEpochs, ["learning_rate"] = options.GcnLearningRate,
                ["dropout"] = options.Dropout, ["form_" + form] = 1,
            },
            new Dictionary<string, double> { ["nodes"] = nodes.Count, ["edges"] = edges.Count, ["first_loss"] = first, ["final_loss"] = last });
        return new ZslModel(info, null, split.All.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => weights[p.i]));
    }

    private static Task<(Tensor, Tensor)> TrainSoftmaxAsync(TrainOptions options, FeatureFile file, ZslSplit split,
        IProgress<StageProgress>? progress, CancellationToken cancellationToken)
        => ZslTrainer.TrainSoftmaxAsync(options, file, split.Train, bias: false, progress, cancellationToken);

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
/// ADGPM-style dense graph propagation: an ancestor phase then a descendant phase, each H' = σ(Σ_k α_k D_k⁻¹A_k H Θ)
/// over the nodes at distance k (k = 0 is the node itself, up to <see cref="GcnTrainer.AdgpmMaxDistance"/>),
/// with α = softmax of learned weights.
/// </summary>
internal sealed class DenseGraphPropagation : nn.Module<Tensor, Tensor>
{
    private readonly Linear _ancestorLayer, _descendantLayer;
    private readonly Parameter _ancestorWeights, _descendantWeights;
    private readonly Tensor[] _ancestors, _descendants;
    private readonly double _dropout;

    public DenseGraphPropagation(int input, int hidden, int output, IReadOnlyList<string> nodes, WordNetHierarchy hierarchy, double dropout) : base("adgpm")
    {
        var index = nodes.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var up = Enumerable.Range(0, GcnTrainer.AdgpmMaxDistance + 1).Select(_ => new List<(int, int)>()).ToArray();
        var down = Enumerable.Range(0, GcnTrainer.AdgpmMaxDistance + 1).Select(_ => new List<(int, int)>()).ToArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            up[0].Add((i, i)); down[0].Add((i, i));
            foreach (var (ancestor, d) in hierarchy.Ancestors(nodes[i]))
                if (d <= GcnTrainer.AdgpmMaxDistance && index.TryGetValue(ancestor, out var j)) { up[d].Add((i, j)); down[d].Add((j, i)); }
        }
        _ancestors = up.Select(p => p.Count > 0 ? GcnTrainer.RowNormalized(nodes.Count, p) : GcnTrainer.RowNormalized(nodes.Count, up[0])).ToArray();
        _descendants = down.Select(p => p.Count > 0 ? GcnTrainer.RowNormalized(nodes.Count, p) : GcnTrainer.RowNormalized(nodes.Count, down[0])).ToArray();
        _ancestorLayer = nn.Linear(input, hidden);
        _descendantLayer = nn.Linear(hidden, output);
        _ancestorWeights = nn.Parameter(zeros(_ancestors.Length));
        _descendantWeights = nn.Parameter(zeros(_descendants.Length));
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

    public override Tensor forward(Tensor h)
    {
        h = _ancestorLayer.call(functional.dropout(h, _dropout, training));
        h = functional.leaky_relu(Propagate(_ancestors, _ancestorWeights, h), 0.2);
        h = _descendantLayer.call(functional.dropout(h, _dropout, training));
        return Propagate(_descendants, _descendantWeights, h);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var t in _ancestors.Concat(_descendants)) t.Dispose();
        base.Dispose(disposing);
    }
}
