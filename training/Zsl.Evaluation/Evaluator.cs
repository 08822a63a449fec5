using System.Text.Json;
using Zsl.Models.Data;
using Zsl.Models.Graph;
using Zsl.Models.Models;
using Zsl.Store;
using Zsl.Torch;
using static TorchSharp.torch;

namespace Zsl.Evaluation;

public sealed record EvalOptions
{
    public required string Model { get; init; }
    public required string Features { get; init; }     // images of test classes (and optionally of training classes, for GZSL)
    public required string Output { get; init; }       // report folder: report.json + *.png
    public string? Database { get; init; }             // WordNet db: error breakdown and structural statistics
    public string? ClassStats { get; init; }           // CSV/Parquet: wnid + numeric columns
    public int SubSplitSize { get; init; } = 100;
    public int BatchSize { get; init; } = 1024;
    public bool Plots { get; init; } = true;
}

/// <summary>
/// Evaluates a trained model on streamed features (section 2.6 metrics): per-class mean top-k in the ZSL and
/// generalized settings, the structural error breakdown of figure 2.2, and accuracy on sub-splits of test classes
/// binned by a class statistic (figures 2.3, 2.5, 2.9).
/// </summary>
public static class Evaluator
{
    public static readonly int[] Ks = [1, 2, 5, 10, 20];

    private sealed record ImageResult(int TrueClass, bool Unseen, int ZslRank, int ZslTop, int GzslRank, int GzslTop, int[] GroupRanks);

    public static async Task<EvaluationReport> EvaluateAsync(EvalOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.Initialize(0);
        var model = await ZslModel.LoadAsync(options.Model);
        var file = await FeatureFile.OpenAsync(options.Features, cancellationToken);
        if (file.Dimension != model.Info.FeatureDimension)
            throw new DataFormatException(file.Path, null, $"features of dimension {model.Info.FeatureDimension} (the model's), found {file.Dimension}");
        var train = model.Info.TrainClasses;
        var test = model.Info.TestClasses;
        var all = test.Concat(train).ToArray();                  // GZSL columns: test classes first, then training classes
        var allIndex = all.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var hierarchy = options.Database is null ? null : WordNetHierarchy.Load(options.Database);

        // Statistics and their sub-splits are fixed before streaming, so each image is ranked within its sub-split once.
        var stats = new ClassStatistics();
        if (hierarchy is not null) stats = ClassStatistics.Structural(hierarchy, train, test);
        if (options.ClassStats is not null)
            foreach (var (name, table) in (await ClassStatistics.LoadAsync(options.ClassStats)).ByName)
                foreach (var (w, v) in table) stats.Set(name, w, v);
        var partitions = stats.ByName.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (Name: p.Key, Groups: Partition(test, p.Value, options.SubSplitSize)))
            .Where(p => p.Groups.Count > 0).ToArray();
        // groupOf[p][testClass] = (group number, position in group)
        var groupOf = partitions.Select(p => p.Groups.SelectMany((g, gi) => g.Select(c => (c, gi))).ToDictionary(x => allIndex[x.c], x => x.gi)).ToArray();
        var groupColumns = partitions.Select(p => p.Groups.Select(g => g.Select(c => (long)allIndex[c]).ToArray()).ToArray()).ToArray();

        var results = new List<ImageResult>();
        long done = 0;
        await foreach (var batch in file.ReadBatchesAsync(options.BatchSize, allIndex.ContainsKey, cancellationToken))
        {
            using var scope = NewDisposeScope();
            var x = tensor(batch.Values, [batch.Count, batch.Dimension]);
            var scores = model.Score(x, all).to_type(ScalarType.Float64);
            var data = scores.data<double>().ToArray();
            for (var i = 0; i < batch.Count; i++)
            {
                var row = data.AsSpan(i * all.Length, all.Length);
                var truth = allIndex[batch.Wnids[i]];
                var unseen = truth < test.Count;
                int zslRank = -1, zslTop = -1;
                if (unseen) (zslRank, zslTop) = Rank(row[..test.Count], truth);
                var (gzslRank, gzslTop) = Rank(row, truth);
                var groupRanks = new int[partitions.Length];
                for (var p = 0; p < partitions.Length; p++)
                {
                    groupRanks[p] = -1;
                    if (!unseen || !groupOf[p].TryGetValue(truth, out var g)) continue;
                    var columns = groupColumns[p][g];
                    var sub = new double[columns.Length];
                    for (var k = 0; k < columns.Length; k++) sub[k] = row[(int)columns[k]];
                    groupRanks[p] = Rank(sub, Array.IndexOf(columns, (long)truth)).Rank;
                }
                results.Add(new ImageResult(truth, unseen, zslRank, zslTop, gzslRank, gzslTop, groupRanks));
            }
            progress?.Report(new StageProgress("evaluating", done += batch.Count, file.Rows, "images"));
        }
        var unseenResults = results.Where(r => r.Unseen).ToArray();
        if (unseenResults.Length == 0) throw new DataFormatException(file.Path, null, "images of the model's test classes (none found)");
        var seenResults = results.Where(r => !r.Unseen).ToArray();

        var zsl = PerClassTopK(unseenResults, r => r.ZslRank);
        var gUnseen = PerClassTopK(unseenResults, r => r.GzslRank);
        var gSeen = seenResults.Length > 0 ? PerClassTopK(seenResults, r => r.GzslRank) : null;
        var harmonic = gSeen is null ? null : Ks.ToDictionary(k => k.ToString(), k => Harmonic(gUnseen.Accuracy[k.ToString()], gSeen.Accuracy[k.ToString()]));

        ErrorBreakdown? zslBreakdown = null, gzslBreakdown = null;
        if (hierarchy is not null)
        {
            zslBreakdown = Breakdown(unseenResults, r => r.ZslTop, all, hierarchy);
            gzslBreakdown = Breakdown(unseenResults, r => r.GzslTop, all, hierarchy);
        }
        Directory.CreateDirectory(options.Output);
        var plots = new List<string>();
        var series = new List<SubSplitSeries>();
        for (var p = 0; p < partitions.Length; p++)
        {
            var (name, groups) = partitions[p];
            var splits = new List<SubSplit>();
            for (var g = 0; g < groups.Count; g++)
            {
                var members = unseenResults.Where(r => groupOf[p].TryGetValue(r.TrueClass, out var gg) && gg == g).ToArray();
                if (members.Length == 0) continue;
                var top = PerClassTopK(members, r => r.GroupRanks[p]);
                var statistic = name == "structural_ratio" && hierarchy is not null
                    ? ClassStatistics.StructuralRatio(hierarchy, train, groups[g])
                    : groups[g].Average(c => stats.ByName[name][c]);
                splits.Add(new SubSplit(g, groups[g].Length, statistic, top.Accuracy["1"], top.Accuracy["5"]));
            }
            var correlation = Pearson(splits.Select(s => s.Statistic).ToArray(), splits.Select(s => s.Top1).ToArray());
            string? plot = null;
            if (options.Plots && splits.Count > 0)
            {
                plot = $"subsplits-{name}.png";
                Plots.AccuracyVersusStatistic(Path.Combine(options.Output, plot), name, splits, correlation, model.Info.Model);
                plots.Add(plot);
            }
            series.Add(new SubSplitSeries(name, options.SubSplitSize, splits, correlation, plot));
        }
        if (options.Plots)
        {
            Plots.TopK(Path.Combine(options.Output, "topk.png"), zsl, gUnseen, gSeen, harmonic, model.Info.Model);
            plots.Insert(0, "topk.png");
            if (zslBreakdown is not null && gzslBreakdown is not null)
            {
                Plots.Breakdown(Path.Combine(options.Output, "breakdown.png"), zslBreakdown, gzslBreakdown, model.Info.Model);
                plots.Insert(1, "breakdown.png");
            }
        }
        var present = unseenResults.Select(r => r.TrueClass).ToHashSet();
        var report = new EvaluationReport(model.Info.Model, Path.GetFileName(options.Features), Ks, zsl,
            new GeneralizedTopK(gUnseen, gSeen, harmonic), zslBreakdown, gzslBreakdown,
            hierarchy is null ? null : ClassStatistics.StructuralRatio(hierarchy, train, test), series, plots,
            test.Where((c, i) => !present.Contains(i)).ToArray());
        AtomicFile.WriteText(Path.Combine(options.Output, "report.json"), JsonSerializer.Serialize(report, ZslModel.Json) + "\n");
        return report;
    }

    /// <summary>Rank of <paramref name="truth"/> (0 = top) with ties broken by column order, and the top column.</summary>
    public static (int Rank, int Top) Rank(ReadOnlySpan<double> scores, int truth)
    {
        var rank = 0;
        var top = 0;
        var target = scores[truth];
        for (var c = 0; c < scores.Length; c++)
        {
            if (scores[c] > target || (scores[c] == target && c < truth)) rank++;
            if (scores[c] > scores[top]) top = c;
        }
        return (rank, top);
    }

    private static TopK PerClassTopK(IReadOnlyList<ImageResult> results, Func<ImageResult, int> rank)
    {
        var byClass = results.GroupBy(r => r.TrueClass).ToArray();
        var accuracy = Ks.ToDictionary(k => k.ToString(), k => byClass.Average(g => g.Count(r => rank(r) < k) / (double)g.Count()));
        return new TopK(accuracy, byClass.Length, results.Count);
    }

    public static double Harmonic(double unseen, double seen) => unseen + seen == 0 ? 0 : 2 * unseen * seen / (unseen + seen);

    private static ErrorBreakdown Breakdown(IReadOnlyList<ImageResult> results, Func<ImageResult, int> top, IReadOnlyList<string> classes, WordNetHierarchy hierarchy)
    {
        long t = 0, p = 0, c = 0, u = 0;
        foreach (var r in results)
        {
            var truth = classes[r.TrueClass];
            var predicted = classes[top(r)];
            if (predicted == truth) t++;
            else if (hierarchy.IsParentOf(predicted, truth)) p++;
            else if (hierarchy.IsParentOf(truth, predicted)) c++;
            else u++;
        }
        double n = results.Count;
        return new ErrorBreakdown(t / n, p / n, c / n, u / n, results.Count);
    }

    /// <summary>Test classes with the statistic, sorted by it (then wnid), cut into consecutive sub-splits of <paramref name="size"/>
    /// (a smaller remainder joins the last one; fewer classes than size give one sub-split).</summary>
    public static List<string[]> Partition(IReadOnlyList<string> test, IReadOnlyDictionary<string, double> statistic, int size)
    {
        var sorted = test.Where(statistic.ContainsKey).OrderBy(c => statistic[c]).ThenBy(c => c, StringComparer.Ordinal).ToArray();
        if (sorted.Length < 2) return [];
        var groups = sorted.Chunk(size).ToList();
        if (groups.Count > 1 && groups[^1].Length < size)
        {
            groups[^2] = [.. groups[^2], .. groups[^1]];
            groups.RemoveAt(groups.Count - 1);
        }
        return groups;
    }

    public static double? Pearson(double[] x, double[] y)
    {
        if (x.Length < 3) return null;
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }
}
