using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>A non-training ImageNet class as the generator's filters see it (from class_stats).</summary>
public sealed record CandidateClass(string Wnid, string FirstLemma, string Lexname, long IsPrimary, long? Population, long? WordCount, long IsNgram, string Definition);

/// <summary>The filtered candidate pool and how each filter shrank it.</summary>
public sealed record CandidatePool(IReadOnlyList<CandidateClass> Classes, IReadOnlyList<FilterStep> Filters, bool PopulationsKnown, bool WordCountsKnown)
{
    /// <summary>Classes per lexname, most first.</summary>
    public IReadOnlyDictionary<string, int> Lexnames => Classes.GroupBy(c => c.Lexname).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>One filter of the candidate pool: its setting, whether it applied, and how many classes remained after it.</summary>
public sealed record FilterStep(string Filter, string Setting, bool Applied, int Remaining, string Note);

/// <summary>
/// A representativeness bound on the split's classes with a property (fewer images than the wanted median, a label of
/// unknown count, a multi-word label): at most <see cref="Cap"/> of them; <see cref="PoolShare"/> is the pool's share.
/// </summary>
public sealed record ShareBound(string Name, string Option, bool Applied, double PoolShare, double Bound, int Cap, int SplitCount, int Size, string Note)
{
    public double SplitShare => (double)SplitCount / Size;
}

/// <summary>The objective during the search.</summary>
public sealed record SearchProgress(string Phase, int Step, double Objective, double R, double LexnameTvd, double Entropy, int Lexnames, int Size);

/// <summary>A generated split and everything needed to reproduce and describe it.</summary>
public sealed record GeneratedSplit(
    IReadOnlyList<string> Training, IReadOnlyList<string> Test, GeneratorOptions Options, IReadOnlyList<FilterStep> Filters,
    RatioReport Ratio, int LexnameCount, double LexnameEntropy, IReadOnlyDictionary<string, int> Lexnames,
    IReadOnlyDictionary<string, int> CandidateLexnames, IReadOnlyList<SearchProgress> Progress, bool PopulationsKnown, bool WordCountsKnown, TimeSpan Elapsed)
{
    /// <summary>Total variation distance between the lexname shares of the test split and of the candidate pool.</summary>
    public double LexnameTvd => SplitGenerator.TotalVariation(Lexnames, CandidateLexnames);

    /// <summary>The test classes as the filters saw them (label, gloss, population, label count), in wnid order.</summary>
    public IReadOnlyList<CandidateClass> TestClasses { get; init; } = [];

    /// <summary>The share bounds beyond lexnames (population, label-count knowability, multi-word labels) and where the split stands.</summary>
    public IReadOnlyList<ShareBound> ShareBounds { get; init; } = [];

    /// <summary>Median images per class of the candidate pool (null when populations are unknown).</summary>
    public double? PoolMedianImages { get; init; }
}

/// <summary>
/// Chooses a test split among the non-training ImageNet classes that pass the filters, such that training ∪ test
/// has no ancestor/descendant pair, its lexname shares follow those of the candidate pool (total variation distance
/// at most <see cref="GeneratorOptions.MaxLexnameTvd"/>), it has no larger share than the pool of classes with fewer
/// images than the pool's median, of labels of unknown count and of multi-word labels (<see cref="ShareBound"/>), and
/// the structural ratio R is as high as possible within that. Greedy seeding under per-lexname quotas (the pool's shares, rounded), then a seeded local search that swaps
/// a test class for a candidate (simulated annealing on R, moves leaving the TVD bound refused, best state kept).
/// Deterministic for a seed.
/// </summary>
public static class SplitGenerator
{
    public static GeneratedSplit Generate(string databasePath, GeneratorOptions options, Action<SearchProgress>? report = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        using var connection = Database.OpenReadOnly(databasePath);
        ImageNetClasses.RequireImageNet(connection);
        if (!connection.TableExists("class_stats"))
            throw new InvalidDataException($"{databasePath} has no class_stats table: run ./zsl benchmark stats --db {databasePath} first");
        var graph = NounGraph.Load(connection);
        var training = ImageNetClasses.Training(connection);
        var candidates = CandidatePool(connection, graph, training, options);
        var (pool, filters, populationsKnown, wordCountsKnown) = (candidates.Classes, candidates.Filters, candidates.PopulationsKnown, candidates.WordCountsKnown);
        if (pool.Count == 0)
            throw new InvalidOperationException("the candidate pool is empty after the filters: " + string.Join("; ", filters.Select(f => $"{f.Filter} -> {f.Remaining}")));
        if (pool.Count < options.Size)
            throw new InvalidOperationException($"impossible: only {pool.Count} candidate classes pass the filters, fewer than --size {options.Size}");

        var poolMedian = Median(pool.Where(c => c.Population is not null).Select(c => c.Population!.Value));
        var medianFloors = PopulationFloors(connection, options.MedianFloors, poolMedian, Median, "--min-median-images");
        var smallestFloors = PopulationFloors(connection, options.SmallestClassFloors, options.MinPopulation, p => p.Any() ? p.Min() : null, "--min-smallest-class");
        var features = BoundFeatures(pool, options, poolMedian, medianFloors, smallestFloors, wordCountsKnown);
        var chains = new (Search Search, string[] Test, RatioReport Ratio)[options.Chains];
        var space = new SearchSpace(graph, training, pool);
        try
        {
            Parallel.For(0, options.Chains, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.Chains, Environment.ProcessorCount) }, k =>
            {
                var search = new Search(space, pool, options with { Seed = ChainSeed(options.Seed, k) }, features, k == 0 ? report : null);
                var chosen = search.Run().Order(StringComparer.Ordinal).ToArray();
                chains[k] = (search, chosen, StructuralRatio.Compute(graph, training, chosen));
            });
        }
        // Every chain meets the same constraints: the first one's error is the error.
        catch (AggregateException e) { ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
        var winner = Enumerable.Range(0, chains.Length).Aggregate((a, b) => chains[b].Ratio.R > chains[a].Ratio.R + 1e-12 ? b : a);
        var (search, test, ratio) = chains[winner];
        var progress = search.Progress.Concat(chains.Select((c, k) => new SearchProgress(k == winner ? $"chain {k} *" : $"chain {k}", k, c.Ratio.R, c.Ratio.R,
            c.Search.Progress[^1].LexnameTvd, c.Search.Progress[^1].Entropy, c.Search.Progress[^1].Lexnames, c.Test.Length))).ToArray();
        foreach (var point in progress.Skip(search.Progress.Count)) report?.Invoke(point);
        if (ratio.Flaws.Count > 0)
            throw new InvalidOperationException($"internal error: the generated split has {ratio.Flaws.Count} structural flaws, e.g. {ratio.Flaws[0]}");
        var lexByWnid = pool.ToDictionary(c => c.Wnid, c => c.Lexname, StringComparer.Ordinal);
        var lexnames = test.GroupBy(w => lexByWnid[w]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var candidateLexnames = candidates.Lexnames;
        var byWnid = pool.ToDictionary(c => c.Wnid, StringComparer.Ordinal);
        return new GeneratedSplit(training, test, options, filters, ratio, lexnames.Count, Entropy(lexnames.Values), lexnames,
            candidateLexnames, progress, populationsKnown, wordCountsKnown, clock.Elapsed)
        {
            TestClasses = test.Select(w => byWnid[w]).ToArray(), PoolMedianImages = poolMedian,
            ShareBounds = features.Select(f => f.Bound with { SplitCount = test.Count(w => f.Has(byWnid[w])) }).ToArray(),
        };
    }

    /// <summary>The median of the values (the mean of the two middle ones for an even count), null when there are none.</summary>
    public static double? Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
    }

    /// <summary>The seed of annealing chain k: the seed itself for chain 0, then seeds spread by the golden-ratio increment.</summary>
    public static ulong ChainSeed(ulong seed, int chain) => unchecked(seed + (ulong)chain * 0x9E3779B97F4A7C15UL);

    /// <summary>One floor of a population statistic (median or smallest class): its name and value, or why it is not known.</summary>
    public sealed record PopulationFloor(string Name, double? Images, string Note);

    /// <summary>
    /// The values of population floors: <see cref="GeneratorOptions.PoolFloor"/> (the pool's value of the statistic),
    /// numbers, and stored splits (the statistic over their classes of known population).
    /// </summary>
    public static IReadOnlyList<PopulationFloor> PopulationFloors(SqliteConnection connection, IReadOnlyList<string> floors, double? poolValue,
                                                                  Func<IEnumerable<long>, double?> statistic, string option)
    {
        var stored = connection.Query<string>(SqlScripts.Get("benchmark/split-names.sql")).ToHashSet(StringComparer.Ordinal);
        return floors.Select(floor =>
        {
            if (floor.Equals(GeneratorOptions.PoolFloor, StringComparison.OrdinalIgnoreCase))
                return new PopulationFloor("pool", poolValue, poolValue is null ? "no image populations" : "the candidate pool's");
            if (long.TryParse(floor, out var images)) return new PopulationFloor(floor, images, $"set by {option}");
            if (!stored.Contains(floor)) return new PopulationFloor(floor, null, $"skipped: the database has no stored split '{floor}'");
            var value = statistic(connection.Query<long>(SqlScripts.Get("benchmark/split-populations.sql"), new { split = floor }));
            return new PopulationFloor(floor, value, value is null ? "skipped: no population of its classes is known" : $"stored split {floor}");
        }).ToArray();
    }

    /// <summary>A bounded property of a class and its bound.</summary>
    private sealed record BoundFeature(ShareBound Bound, Func<CandidateClass, bool> Has);

    /// <summary>
    /// The bounds beyond lexnames: the split's median images per class at least the pool's median (at most (size - 1) / 2
    /// classes below it), and its shares of labels of unknown count and of multi-word labels at most the pool's, unless
    /// set. A bound the data cannot decide (no populations, no label counts) or switched off is not applied.
    /// </summary>
    private static IReadOnlyList<BoundFeature> BoundFeatures(IReadOnlyList<CandidateClass> pool, GeneratorOptions options, double? poolMedian,
                                                            IReadOnlyList<PopulationFloor> medianFloors, IReadOnlyList<PopulationFloor> smallestFloors, bool wordCountsKnown)
    {
        BoundFeature Share(string name, string option, double? setting, bool known, string unknownNote, Func<CandidateClass, bool> has)
        {
            var poolShare = (double)pool.Count(has) / pool.Count;
            var bound = setting ?? poolShare;
            var applied = known && bound < 1;
            var cap = applied ? (int)Math.Floor(bound * options.Size + 1e-9) : options.Size;
            var note = !known ? unknownNote : !applied ? $"{option} 1: off" : setting is null ? "at the pool's share" : $"set by {option}";
            return new BoundFeature(new ShareBound(name, option, applied, poolShare, applied ? bound : 1, cap, 0, options.Size, note), has);
        }
        // The median is at least m when fewer than half of the classes are below m: the middle class (both middle
        // classes for an even size) is then at m or above.
        static (PopulationFloor? Highest, string Text) Highest(IReadOnlyList<PopulationFloor> floors) =>
            (floors.Where(f => f.Images is not null).MaxBy(f => f.Images!.Value),
             string.Join(", ", floors.Select(f => f.Images is { } v ? $"{f.Name} {v:#,0.#}" : $"{f.Name} ({f.Note})")));
        var (highest, floorText) = Highest(medianFloors);
        var threshold = highest?.Images ?? 0;
        var populationApplied = poolMedian is not null && threshold > 0;
        Func<CandidateClass, bool> below = c => c.Population < threshold;
        var populationBound = new BoundFeature(new ShareBound($"fewer images than {threshold:#,0.#} (median at least that)", "--min-median-images", populationApplied,
            (double)pool.Count(below) / pool.Count, populationApplied ? (double)((options.Size - 1) / 2) / options.Size : 1,
            populationApplied ? (options.Size - 1) / 2 : options.Size, 0, options.Size,
            poolMedian is null ? "not applied: no image populations" : medianFloors.Count == 0 ? "--min-median-images 0: off"
            : !populationApplied ? $"not applied: no floor known ({floorText})" : $"the highest floor, {highest!.Name}, of: {floorText}"), below);
        // The smallest class: no class under the highest floor (a cap of 0); the pool's filter already holds --min-population.
        var (smallest, smallestText) = Highest(smallestFloors);
        var least = smallest?.Images ?? 0;
        var smallestApplied = poolMedian is not null && least > options.MinPopulation;
        Func<CandidateClass, bool> under = c => c.Population < least;
        var smallestBound = new BoundFeature(new ShareBound($"fewer images than {least:#,0.#} (smallest class at least that)", "--min-smallest-class", smallestApplied,
            (double)pool.Count(under) / pool.Count, 0, smallestApplied ? 0 : options.Size, 0, options.Size,
            poolMedian is null ? "not applied: no image populations" : smallestFloors.Count == 0 ? "--min-smallest-class 0: off"
            : !smallestApplied ? $"not applied: --min-population {options.MinPopulation} already holds it ({smallestText})"
            : $"the highest floor, {smallest!.Name}, of: {smallestText}"), under);
        return
        [
            populationBound,
            smallestBound,
            Share("label of unknown count", "--max-unknown-label-share", options.MaxUnknownLabelShare, wordCountsKnown, "not applied: no label counts", c => c.WordCount is null),
            Share("multi-word label", "--max-multi-word-share", options.MaxMultiWordShare, true, "", c => c.IsNgram != 0),
        ];
    }

    /// <summary>Total variation distance between two distributions given by counts per key: half the L1 distance of the shares.</summary>
    public static double TotalVariation(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        double na = Math.Max(1, a.Values.Sum()), nb = Math.Max(1, b.Values.Sum());
        return 0.5 * a.Keys.Union(b.Keys).Sum(k => Math.Abs(a.GetValueOrDefault(k) / na - b.GetValueOrDefault(k) / nb));
    }

    /// <summary>Resolves a synset given as a wnid (n00007846) or a WordNet sense name (person.n.01) to its wnid.</summary>
    public static string ResolveSynset(SqliteConnection connection, NounGraph graph, string name)
    {
        if (ImageNet.Wnids.IsWnid(name))
            return graph.Contains(name) ? name : throw new ArgumentException($"{name} is not a WordNet 3.0 noun synset");
        var parts = name.Split('.');
        if (parts.Length < 3 || parts[^2] != "n" || !int.TryParse(parts[^1], out var rank) || rank < 1)
            throw new ArgumentException($"expected a noun synset as a wnid (n00007846) or a sense name (person.n.01), got '{name}'");
        var lemma = string.Join('.', parts[..^2]).Replace('_', ' ');
        return connection.Query<string>(SqlScripts.Get("benchmark/sense-wnid.sql"), new { lemma, rank }).FirstOrDefault()
            ?? throw new ArgumentException($"WordNet 3.0 has no noun sense {name} (no sense {rank} of '{lemma}')");
    }

    /// <summary>The non-training classes that pass every filter of <paramref name="options"/>, with the count after each filter.</summary>
    public static CandidatePool CandidatePool(SqliteConnection connection, NounGraph graph, IReadOnlyList<string> training, GeneratorOptions options)
    {
        var classes = connection.Query<CandidateClass>(SqlScripts.Get("benchmark/candidate-classes.sql")).AsList();
        var excluded = options.ExcludeSubtrees.Select(name => (Name: name, Wnid: ResolveSynset(connection, graph, name))).ToArray();
        var (pool, filters, populationsKnown, wordCountsKnown) = Filter(graph, training, classes, options, excluded);
        return new CandidatePool(pool, filters, populationsKnown, wordCountsKnown);
    }

    /// <summary>Shannon entropy (natural log) of a distribution given by counts.</summary>
    public static double Entropy(IEnumerable<int> counts)
    {
        var values = counts.Where(c => c > 0).ToArray();
        double n = values.Sum();
        return values.Sum(c => -(c / n) * Math.Log(c / n));
    }

    private static (List<CandidateClass> Pool, List<FilterStep> Filters, bool Populations, bool WordCounts) Filter(
        NounGraph graph, IReadOnlyList<string> training, IReadOnlyList<CandidateClass> classes, GeneratorOptions options,
        IReadOnlyList<(string Name, string Wnid)> excludedSubtrees)
    {
        var filters = new List<FilterStep>();
        IEnumerable<CandidateClass> pool = classes;
        filters.Add(new FilterStep("not a training class", "ImageNet classes outside ILSVRC-2012", true, classes.Count, ""));

        var populationsKnown = classes.Any(c => c.Population is not null);
        if (populationsKnown)
        {
            pool = pool.Where(c => c.Population >= options.MinPopulation).ToArray();
            filters.Add(new FilterStep("min population", $">= {options.MinPopulation} images", true, pool.Count(), "classes without a known population are dropped"));
        }
        else filters.Add(new FilterStep("min population", $">= {options.MinPopulation} images", false, pool.Count(), "skipped: no image populations loaded (etl imagenet had no ReleaseStatus.xml, image counts, URL list or image folder)"));

        var wordCountsKnown = classes.Any(c => c.WordCount is not null);
        if (options.RareBelow > 0 && wordCountsKnown)
        {
            pool = pool.Where(c => c.WordCount is not { } n || n >= options.RareBelow).ToArray();
            var unknown = pool.Count(c => c.WordCount is null);
            var multi = pool.Count(c => c.WordCount is null && c.IsNgram != 0);
            filters.Add(new FilterStep("rare labels", $"label count known and < {options.RareBelow} dropped", true, pool.Count(),
                $"{unknown:N0} of the classes left have a label of unknown count ({multi:N0} multi-word, {unknown - multi:N0} single-word)" +
                (options.RequireLabelCount ? "" : " and stay")));
            if (options.RequireLabelCount)
            {
                pool = pool.Where(c => c.WordCount is not null).ToArray();
                filters.Add(new FilterStep("label count known", "labels of unknown count dropped (--require-label-count)", true, pool.Count(), ""));
            }
        }
        else filters.Add(new FilterStep("rare labels", options.RareBelow > 0 ? $"label count known and < {options.RareBelow} dropped" : "off", false, pool.Count(),
            options.RareBelow > 0 ? "skipped: no label counts in class_stats (load word-count lists, then benchmark stats)" : "--rare-below 0"));
        var bounds = options.MinWordCount is not null || options.MaxWordCount is not null;
        var boundText = $"{options.MinWordCount?.ToString() ?? "-"} <= count <= {options.MaxWordCount?.ToString() ?? "-"}";
        if (bounds && wordCountsKnown)
        {
            pool = pool.Where(c => c.WordCount is { } n && n >= (options.MinWordCount ?? 0) && n <= (options.MaxWordCount ?? long.MaxValue)).ToArray();
            filters.Add(new FilterStep("word frequency", boundText, true, pool.Count(), "labels without a count are dropped"));
        }
        else filters.Add(new FilterStep("word frequency", bounds ? boundText : "off", false, pool.Count(),
            bounds ? "skipped: no word counts loaded" : "no bounds given"));

        if (options.PrimaryMeaningOnly) pool = pool.Where(c => c.IsPrimary != 0).ToArray();
        filters.Add(new FilterStep("primary meaning", options.PrimaryMeaningOnly ? "on (strict: the label's sense has the highest SemCor tag count of the word's noun senses, no tie)" : "off",
            options.PrimaryMeaningOnly, pool.Count(), ""));

        if (excludedSubtrees.Count > 0)
        {
            var roots = excludedSubtrees.Select(e => graph.IndexOf(e.Wnid)).ToHashSet();
            pool = pool.Where(c => { var node = graph.IndexOf(c.Wnid); return !roots.Contains(node) && !graph.Ancestors(node).Overlaps(roots); }).ToArray();
        }
        filters.Add(new FilterStep("excluded subtrees", excludedSubtrees.Count == 0 ? "none" : string.Join(", ", excludedSubtrees.Select(e => e.Name == e.Wnid ? e.Wnid : $"{e.Name} ({e.Wnid})")),
            excludedSubtrees.Count > 0, pool.Count(), excludedSubtrees.Any(e => e.Wnid == GeneratorOptions.Person) ? "people excluded (--include-people keeps them)" : ""));

        if (options.Vocabulary is { } vocabularyPath)
        {
            var vocabulary = ReadVocabulary(vocabularyPath);
            pool = pool.Where(c => vocabulary.Contains(c.FirstLemma.ToLowerInvariant()) || vocabulary.Contains(c.FirstLemma.Replace(' ', '_').ToLowerInvariant())).ToArray();
            filters.Add(new FilterStep("word-vector vocabulary", Path.GetFileName(vocabularyPath), true, pool.Count(), $"{vocabulary.Count:N0} words"));
        }

        // Structural consistency with the training set: no candidate above or below a training class.
        var trainSet = training.Select(graph.IndexOf).ToHashSet();
        var aboveTraining = new HashSet<int>();
        foreach (var t in trainSet) aboveTraining.UnionWith(graph.Ancestors(t));
        var consistent = pool.Where(c =>
        {
            var node = graph.IndexOf(c.Wnid);
            return !aboveTraining.Contains(node) && !graph.Ancestors(node).Overlaps(trainSet);
        }).ToList();
        filters.Add(new FilterStep("structurally consistent with training", "not an ancestor or descendant of a training class", true, consistent.Count, ""));
        return (consistent, filters, populationsKnown, wordCountsKnown);
    }

    /// <summary>Words of a fastText .vec file (first token of each line, header line skipped) or of a one-word-a-line list, lower-cased.</summary>
    public static HashSet<string> ReadVocabulary(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"vocabulary {path} does not exist", path);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var first = true;
        foreach (var line in File.ReadLines(path))
        {
            var token = line.Split(' ', 2)[0].Trim();
            if (first && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var a, var b] && int.TryParse(a, out _) && int.TryParse(b, out _)) { first = false; continue; }
            first = false;
            if (token.Length > 0) words.Add(token.ToLowerInvariant());
        }
        if (words.Count == 0) throw new DataFormatException(path, null, "expected words (one a line, or fastText .vec lines 'word v1 v2 ...')");
        return words;
    }

    /// <summary>
    /// What every annealing chain reads and none changes: the candidates' graph nodes, their distances to training, their
    /// candidate ancestors/descendants (conflicts), and their neighbour lists, built once per horizon.
    /// </summary>
    private sealed class SearchSpace
    {
        private readonly NounGraph _graph;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<(int[], int[], int[])>> _neighbourhoods = new();
        public int[] Nodes { get; }
        public int[] CandidateOf { get; }
        public int[] TrainDistance { get; }
        public (int[] Start, int[] Item) Conflicts { get; }

        public SearchSpace(NounGraph graph, IReadOnlyList<string> training, IReadOnlyList<CandidateClass> pool)
        {
            _graph = graph;
            Nodes = pool.Select(c => graph.IndexOf(c.Wnid)).ToArray();
            var trainDistance = graph.DistancesFrom(training.Select(graph.IndexOf));
            TrainDistance = Nodes.Select(v => trainDistance[v]).ToArray();
            CandidateOf = new int[graph.NodeCount];
            Array.Fill(CandidateOf, -1);
            for (var i = 0; i < Nodes.Length; i++) CandidateOf[Nodes[i]] = i;
            Conflicts = Search.Conflicts(graph, Nodes, CandidateOf);
        }

        /// <summary>For each candidate, the other candidates within <paramref name="horizon"/> hops, nearest first.</summary>
        public (int[] Start, int[] Item, int[] Dist) Neighbourhoods(int horizon) =>
            _neighbourhoods.GetOrAdd(horizon, h => new Lazy<(int[], int[], int[])>(() => Search.Neighbourhoods(_graph, Nodes, CandidateOf, h))).Value;
    }

    /// <summary>The optimisation state: candidates as indices, neighbour lists within the distance horizon, conflicts.</summary>
    private sealed class Search
    {
        private readonly GeneratorOptions _options;
        private readonly Action<SearchProgress>? _report;
        private readonly IReadOnlyList<CandidateClass> _pool;
        private readonly int _n, _size;
        private int _far;
        private readonly double[] _poolShare;
        private readonly int[] _quota;
        private readonly int[] _dTrain, _lex;
        private int[] _nbStart, _nbItem, _nbDist;
        private readonly int[] _cfStart, _cfItem;
        private readonly SearchSpace _space;
        private readonly int _lexnameCount;
        private readonly int[] _flags, _flagCount, _flagCap;
        private readonly bool[] _selected;
        private readonly int[] _nearest, _conflicts, _lexCount, _position;
        private readonly List<int> _chosen = [];
        private double _sumR, _sumCLogC;

        public List<SearchProgress> Progress { get; } = [];

        public Search(SearchSpace space, IReadOnlyList<CandidateClass> pool, GeneratorOptions options,
                      IReadOnlyList<BoundFeature> features, Action<SearchProgress>? report)
        {
            _options = options;
            _report = report;
            _pool = pool;
            _n = pool.Count;
            _size = options.Size;
            _far = options.DistanceHorizon + 1;
            _space = space;
            _dTrain = space.TrainDistance;
            var lexIds = pool.Select(c => c.Lexname).Distinct().Order(StringComparer.Ordinal).Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
            _lexnameCount = lexIds.Count;
            _lex = pool.Select(c => lexIds[c.Lexname]).ToArray();
            _poolShare = new double[_lexnameCount];
            foreach (var l in _lex) _poolShare[l] += 1.0 / _n;
            _quota = Quotas(_poolShare, _size);
            // One bit per applied share bound: the class counts against that bound's cap.
            var applied = features.Where(f => f.Bound.Applied).ToArray();
            _flags = pool.Select(c => applied.Select((f, k) => f.Has(c) ? 1 << k : 0).Sum()).ToArray();
            _flagCap = applied.Select(f => f.Bound.Cap).ToArray();
            _flagCount = new int[applied.Length];
            var available = new int[applied.Length];
            for (var k = 0; k < applied.Length; k++) available[k] = _flags.Count(f => (f & (1 << k)) == 0);
            for (var k = 0; k < applied.Length; k++)
                if (available[k] + _flagCap[k] < _size)
                    throw new InvalidOperationException($"impossible constraints: {applied[k].Bound.Option} allows at most {_flagCap[k]} classes with a {applied[k].Bound.Name}, " +
                                                        $"and only {available[k]} candidates have none: {_size} cannot be chosen");

            (_nbStart, _nbItem, _nbDist) = space.Neighbourhoods(options.DistanceHorizon);
            (_cfStart, _cfItem) = space.Conflicts;

            _selected = new bool[_n];
            _nearest = new int[_n];
            _conflicts = new int[_n];
            _lexCount = new int[_lexnameCount];
            _position = new int[_n];
        }

        public IReadOnlyList<string> Run()
        {
            Seed();
            LocalSearch();
            return _chosen.Select(i => _pool[i].Wnid).ToArray();
        }

        private double Objective() => _sumR / _size;

        /// <summary>The pool's shares times the size, rounded by largest remainder (ties to the first lexname in ordinal order).</summary>
        private static int[] Quotas(double[] shares, int size)
        {
            var quota = shares.Select(p => (int)Math.Floor(p * size)).ToArray();
            var order = Enumerable.Range(0, shares.Length).OrderByDescending(l => shares[l] * size - quota[l]).ThenBy(l => l).ToArray();
            for (var k = 0; k < size - quota.Sum(); k++) quota[order[k % order.Length]]++;
            return quota;
        }

        /// <summary>Total variation distance between the lexname shares of the chosen classes (out of the split size) and of the pool.</summary>
        private double Tvd()
        {
            var sum = 0.0;
            for (var l = 0; l < _lexnameCount; l++) sum += Math.Abs((double)_lexCount[l] / _size - _poolShare[l]);
            return sum / 2;
        }

        /// <summary>The TVD after one class of lexname <paramref name="from"/> is replaced by one of lexname <paramref name="to"/>.</summary>
        private double TvdAfterSwap(double tvd, int from, int to)
        {
            if (from == to) return tvd;
            double Term(int l, int count) => Math.Abs((double)count / _size - _poolShare[l]);
            return tvd + (Term(from, _lexCount[from] - 1) - Term(from, _lexCount[from]) + Term(to, _lexCount[to] + 1) - Term(to, _lexCount[to])) / 2;
        }

        private double EntropyOfCounts()
        {
            var n = _chosen.Count;
            return n == 0 ? 0 : Math.Log(n) - _sumCLogC / n;
        }

        private static double CLogC(int c) => c <= 0 ? 0 : c * Math.Log(c);

        private double Ratio(int i) => (double)_dTrain[i] / _nearest[i];

        private void Emit(string phase, int step)
        {
            var lexnames = _lexCount.Count(c => c > 0);
            var point = new SearchProgress(phase, step, Objective(), _sumR / Math.Max(1, _chosen.Count), Tvd(), EntropyOfCounts(), lexnames, _chosen.Count);
            Progress.Add(point);
            _report?.Invoke(point);
        }

        private int FirstSelectedNeighbour(int i, int excluded, out int distance)
        {
            for (var k = _nbStart[i]; k < _nbStart[i + 1]; k++)
            {
                var j = _nbItem[k];
                if (_selected[j] && j != excluded) { distance = _nbDist[k]; return j; }
            }
            distance = _far;
            return -1;
        }

        private void Add(int c)
        {
            _selected[c] = true;
            _position[c] = _chosen.Count;
            _chosen.Add(c);
            _sumCLogC += CLogC(_lexCount[_lex[c]] + 1) - CLogC(_lexCount[_lex[c]]);
            _lexCount[_lex[c]]++;
            for (var k = 0; k < _flagCount.Length; k++) if ((_flags[c] & (1 << k)) != 0) _flagCount[k]++;
            for (var k = _cfStart[c]; k < _cfStart[c + 1]; k++) _conflicts[_cfItem[k]]++;
            FirstSelectedNeighbour(c, -1, out var d);
            _nearest[c] = d;
            _sumR += Ratio(c);
            for (var k = _nbStart[c]; k < _nbStart[c + 1]; k++)
            {
                var t = _nbItem[k];
                if (!_selected[t] || t == c || _nbDist[k] >= _nearest[t]) continue;
                _sumR -= Ratio(t);
                _nearest[t] = _nbDist[k];
                _sumR += Ratio(t);
            }
        }

        private void Remove(int s)
        {
            _selected[s] = false;
            var last = _chosen[^1];
            _chosen[_position[s]] = last;
            _position[last] = _position[s];
            _chosen.RemoveAt(_chosen.Count - 1);
            _sumCLogC += CLogC(_lexCount[_lex[s]] - 1) - CLogC(_lexCount[_lex[s]]);
            _lexCount[_lex[s]]--;
            for (var k = 0; k < _flagCount.Length; k++) if ((_flags[s] & (1 << k)) != 0) _flagCount[k]--;
            for (var k = _cfStart[s]; k < _cfStart[s + 1]; k++) _conflicts[_cfItem[k]]--;
            _sumR -= Ratio(s);
            for (var k = _nbStart[s]; k < _nbStart[s + 1]; k++)
            {
                var t = _nbItem[k];
                if (!_selected[t] || _nbDist[k] != _nearest[t]) continue;
                _sumR -= Ratio(t);
                FirstSelectedNeighbour(t, -1, out var d);
                _nearest[t] = d;
                _sumR += Ratio(t);
            }
        }

        /// <summary>Gain in the sum of r(c) from adding candidate c to the current set (nothing changed).</summary>
        private double SumGain(int c)
        {
            FirstSelectedNeighbour(c, -1, out var d);
            var gain = (double)_dTrain[c] / d;
            for (var k = _nbStart[c]; k < _nbStart[c + 1]; k++)
            {
                var t = _nbItem[k];
                if (_selected[t] && _nbDist[k] < _nearest[t])
                    gain += (double)_dTrain[t] / _nbDist[k] - Ratio(t);
            }
            return gain;
        }

        private bool Feasible(int c, bool withinQuota) => !_selected[c] && _conflicts[c] == 0 && WithinCaps(c) && (!withinQuota || _lexCount[_lex[c]] < _quota[_lex[c]]);

        /// <summary>Adding c keeps every share bound.</summary>
        private bool WithinCaps(int c)
        {
            for (var k = 0; k < _flagCount.Length; k++)
                if ((_flags[c] & (1 << k)) != 0 && _flagCount[k] >= _flagCap[k]) return false;
            return true;
        }

        /// <summary>The bounds whose cap is reached, as a bit mask.</summary>
        private int FullCaps()
        {
            var mask = 0;
            for (var k = 0; k < _flagCount.Length; k++) if (_flagCount[k] >= _flagCap[k]) mask |= 1 << k;
            return mask;
        }

        /// <summary>Swapping s out for c leaves no share bound above its cap (or above where it already was).</summary>
        private bool SwapWithinCaps(int s, int c)
        {
            var added = _flags[c] & ~_flags[s];
            for (var k = 0; k < _flagCount.Length; k++)
                if ((added & (1 << k)) != 0 && _flagCount[k] >= _flagCap[k]) return false;
            return true;
        }

        /// <summary>Greedy seeding: add the feasible candidate of best objective gain until the split has its size.</summary>
        private void Seed()
        {
            var gain = new double[_n];
            for (var i = 0; i < _n; i++) gain[i] = SumGain(i);
            var stale = new bool[_n];
            var staleList = new List<int>();
            var every = Math.Max(1, _size / 10);
            while (_chosen.Count < _size)
            {
                // Within the lexname quotas first; when a lexname has no feasible candidate left, the best anywhere.
                var best = -1;
                foreach (var withinQuota in new[] { true, false })
                {
                    var bestValue = double.NegativeInfinity;
                    for (var i = 0; i < _n; i++)
                        if (Feasible(i, withinQuota) && gain[i] > bestValue) { bestValue = gain[i]; best = i; }
                    if (best >= 0) break;
                }
                if (best < 0)
                    throw new InvalidOperationException($"impossible constraints: only {_chosen.Count} classes can be chosen without an ancestor/descendant pair within the share bounds; {_size} were asked for");
                // Which gains change: candidates near the added class, and near classes whose nearest neighbour moved.
                var before = new Dictionary<int, int>();
                for (var k = _nbStart[best]; k < _nbStart[best + 1]; k++)
                    if (_selected[_nbItem[k]]) before[_nbItem[k]] = _nearest[_nbItem[k]];
                Add(best);
                MarkStale(best, stale, staleList);
                foreach (var (t, old) in before)
                    if (_nearest[t] != old) MarkStale(t, stale, staleList);
                foreach (var i in staleList) { gain[i] = SumGain(i); stale[i] = false; }
                staleList.Clear();
                if (_chosen.Count % every == 0 || _chosen.Count == _size) Emit("greedy", _chosen.Count);
            }
        }

        private void MarkStale(int c, bool[] stale, List<int> list)
        {
            for (var k = _nbStart[c]; k < _nbStart[c + 1]; k++)
                if (!stale[_nbItem[k]]) { stale[_nbItem[k]] = true; list.Add(_nbItem[k]); }
        }

        /// <summary>Simulated annealing over swaps (remove a test class, add a candidate); the best state seen is kept.</summary>
        private void LocalSearch()
        {
            var random = new SplitMix64(_options.Seed);
            var iterations = _options.Iterations;
            var current = Objective();
            var best = current;
            var bestSet = _chosen.ToArray();
            var startTemperature = _options.Temperature;
            var every = Math.Max(1, iterations / 10);
            for (var step = 1; step <= iterations; step++)
            {
                var temperature = startTemperature * (1 - (double)step / iterations);
                if (TrySwap(random, temperature, ref current) && current > best + 1e-12) { best = current; bestSet = _chosen.ToArray(); }
                if (step % every == 0) Emit("local search", step);
            }
            // Restore the best state seen.
            foreach (var i in _chosen.ToArray()) Remove(i);
            foreach (var i in bestSet.Order()) Add(i);
            Emit("best", iterations);
            if (_options.DistanceHorizon < PolishHorizon) SetHorizon(PolishHorizon);
            Polish();
        }

        /// <summary>
        /// The horizon of the final steepest ascent: the annealing runs on a short horizon (fast, but a class whose nearest
        /// test class is farther counts as if it were just beyond it); the polish then sees those distances as they are.
        /// </summary>
        private const int PolishHorizon = 6;

        /// <summary>Rebuilds the neighbour lists for another horizon and the chosen classes' nearest distances with them.</summary>
        private void SetHorizon(int horizon)
        {
            var chosen = _chosen.ToArray();
            foreach (var i in chosen) Remove(i);
            (_nbStart, _nbItem, _nbDist) = _space.Neighbourhoods(horizon);
            _far = horizon + 1;
            _sumR = 0;
            foreach (var i in chosen.Order()) Add(i);
        }

        /// <summary>
        /// Steepest ascent to a swap-local optimum: for each test class in turn, the best allowed swap with any candidate
        /// is made if it raises R, until a whole sweep finds none. Random proposals at low temperature reach only part of
        /// the 500 × pool swaps; this visits them all.
        /// </summary>
        private void Polish()
        {
            for (var sweep = 1; sweep <= 100; sweep++)
            {
                var improved = 0;
                foreach (var s in _chosen.ToArray().Order())
                {
                    var before = _sumR;
                    var tvd = Tvd();
                    var lexS = _lex[s];
                    Remove(s);
                    var bound = Math.Max(_options.MaxLexnameTvd, tvd) + 1e-12;
                    var tvdWithout = Tvd();
                    var best = s;
                    var bestSum = before + 1e-9;
                    for (var c = 0; c < _n; c++)
                    {
                        if (c == s || _selected[c] || _conflicts[c] > 0 || !WithinCaps(c)) continue;
                        var l = _lex[c];
                        if (l != lexS && TvdAfterAdd(tvdWithout, l) > bound) continue;
                        var sum = _sumR + SumGain(c);
                        if (sum > bestSum) { bestSum = sum; best = c; }
                    }
                    Add(best);
                    if (best != s) improved++;
                }
                Emit("polish", sweep);
                if (improved == 0 && !PairSwap()) break;
            }
        }

        /// <summary>
        /// One pair-for-pair swap that raises R, if there is one: a pair of test classes out, a pair of candidate siblings
        /// (2 hops apart) in. Single swaps cannot make it without passing through a lone class (low r) on both sides, so
        /// a weak cluster is never traded for a strong one by them. Gains and losses are measured on the current split;
        /// each tried swap is applied and kept only if R rises.
        /// </summary>
        private bool PairSwap()
        {
            var before = _sumR;
            var ins = SiblingPairs(Enumerable.Range(0, _n), (a, b) => !_selected[a] && _conflicts[a] == 0 && !_selected[b] && _conflicts[b] == 0 && !ConflictsWith(b, a), adding: true);
            var outs = SiblingPairs(_chosen.ToArray().Order(), (_, b) => _selected[b], adding: false);
            if (outs.Count == 0) return false;
            ins.Sort((x, y) => y.Change.CompareTo(x.Change) is var c && c != 0 ? c : (x.A, x.B).CompareTo((y.A, y.B)));
            outs.Sort((x, y) => x.Change.CompareTo(y.Change) is var c && c != 0 ? c : (x.A, x.B).CompareTo((y.A, y.B)));
            var tvd = Tvd();
            var bound = Math.Max(_options.MaxLexnameTvd, tvd) + 1e-12;
            var caps = _flagCount.Select((count, k) => Math.Max(count, _flagCap[k])).ToArray();
            foreach (var (gain, a, b) in ins)
            {
                if (gain <= outs[0].Change + 1e-9) break;
                var tried = 0;
                foreach (var (loss, x, y) in outs)
                {
                    if (gain <= loss + 1e-9 || ++tried > 16) break;
                    Remove(x);
                    Remove(y);
                    if (_conflicts[a] == 0)
                    {
                        Add(a);
                        if (_conflicts[b] == 0)
                        {
                            Add(b);
                            if (_sumR > before + 1e-9 && Tvd() <= bound && _flagCount.Select((count, k) => count <= caps[k]).All(ok => ok))
                            {
                                Emit("pair swap", 1);
                                return true;
                            }
                            Remove(b);
                        }
                        Remove(a);
                    }
                    Add(y);
                    Add(x);
                    _sumR = before;
                }
            }
            return false;
        }

        /// <summary>
        /// Pairs a &lt; b of classes 2 hops apart (a from <paramref name="firsts"/>, both passing <paramref name="eligible"/>)
        /// with what adding them (or removing them) changes in the sum of r(c): the gain, or the loss. The split is left as it was.
        /// </summary>
        private List<(double Change, int A, int B)> SiblingPairs(IEnumerable<int> firsts, Func<int, int, bool> eligible, bool adding)
        {
            var before = _sumR;
            var pairs = new List<(double Change, int A, int B)>();
            foreach (var a in firsts)
                for (var k = _nbStart[a]; k < _nbStart[a + 1] && _nbDist[k] <= 2; k++)
                {
                    var b = _nbItem[k];
                    if (b <= a || !eligible(a, b)) continue;
                    if (adding) { Add(a); Add(b); } else { Remove(a); Remove(b); }
                    pairs.Add((adding ? _sumR - before : before - _sumR, a, b));
                    if (adding) { Remove(b); Remove(a); } else { Add(b); Add(a); }
                    _sumR = before;
                }
            return pairs;
        }

        /// <summary>The TVD after one class of lexname <paramref name="to"/> is added (the split size being the target size).</summary>
        private double TvdAfterAdd(double tvd, int to) =>
            tvd + (Math.Abs((double)(_lexCount[to] + 1) / _size - _poolShare[to]) - Math.Abs((double)_lexCount[to] / _size - _poolShare[to])) / 2;

        /// <summary>Proposes one swap and keeps it if the annealing rule accepts it.</summary>
        private bool TrySwap(SplitMix64 random, double temperature, ref double current)
        {
            int c;
            if (random.NextDouble() < 0.7)
            {
                // A candidate near a test class: completes or tightens a cluster.
                var anchor = _chosen[random.Below(_chosen.Count)];
                var length = _nbStart[anchor + 1] - _nbStart[anchor];
                if (length == 0) return false;
                c = _nbItem[_nbStart[anchor] + random.Below(Math.Min(length, 32))];
            }
            else c = random.Below(_n);
            if (_selected[c]) return false;
            // Half of the time the class going out has the candidate's lexname and, for each bound at its cap, the
            // candidate's property: a move the representativeness bounds always allow. Matching properties whose cap is
            // not reached would only narrow the moves.
            var s = _chosen[random.Below(_chosen.Count)];
            if (random.NextDouble() < 0.5)
            {
                var full = FullCaps();
                for (var attempt = 0; attempt < 64 && (_lex[s] != _lex[c] || (_flags[c] & ~_flags[s] & full) != 0); attempt++) s = _chosen[random.Below(_chosen.Count)];
            }
            if (!SwapWithinCaps(s, c)) return false;
            if (_conflicts[c] - (ConflictsWith(c, s) ? 1 : 0) > 0) return false;
            var tvd = Tvd();
            if (TvdAfterSwap(tvd, _lex[s], _lex[c]) > Math.Max(_options.MaxLexnameTvd, tvd) + 1e-12) return false;

            Remove(s);
            Add(c);
            var next = Objective();
            var delta = next - current;
            if (delta >= 0 || (temperature > 0 && random.NextDouble() < Math.Exp(delta / temperature)))
            {
                current = next;
                return true;
            }
            Remove(c);
            Add(s);
            current = Objective();
            return false;
        }

        private bool ConflictsWith(int c, int s)
        {
            for (var k = _cfStart[s]; k < _cfStart[s + 1]; k++)
                if (_cfItem[k] == c) return true;
            return false;
        }

        /// <summary>For each candidate, the other candidates within <paramref name="horizon"/> hops, nearest first (truncated BFS).</summary>
        public static (int[] Start, int[] Item, int[] Dist) Neighbourhoods(NounGraph graph, int[] nodes, int[] candidateOf, int horizon)
        {
            var start = new int[nodes.Length + 1];
            var items = new List<int>();
            var dists = new List<int>();
            var stamp = new int[graph.NodeCount];
            var distance = new int[graph.NodeCount];
            var queue = new int[graph.NodeCount];
            var found = new List<(int Dist, int Item)>();
            for (var i = 0; i < nodes.Length; i++)
            {
                var mark = i + 1;
                int head = 0, tail = 0;
                queue[tail++] = nodes[i];
                stamp[nodes[i]] = mark;
                distance[nodes[i]] = 0;
                found.Clear();
                while (head < tail)
                {
                    var v = queue[head++];
                    if (distance[v] == horizon) continue;
                    foreach (var w in graph.Neighbours(v))
                    {
                        if (stamp[w] == mark) continue;
                        stamp[w] = mark;
                        distance[w] = distance[v] + 1;
                        queue[tail++] = w;
                        if (candidateOf[w] >= 0) found.Add((distance[w], candidateOf[w]));
                    }
                }
                found.Sort();
                foreach (var (d, j) in found) { items.Add(j); dists.Add(d); }
                start[i + 1] = items.Count;
            }
            return (start, items.ToArray(), dists.ToArray());
        }

        /// <summary>For each candidate, the candidates that are its ancestors or descendants.</summary>
        public static (int[] Start, int[] Item) Conflicts(NounGraph graph, int[] nodes, int[] candidateOf)
        {
            var lists = new List<int>[nodes.Length];
            for (var i = 0; i < nodes.Length; i++) lists[i] = [];
            for (var i = 0; i < nodes.Length; i++)
                foreach (var a in graph.Ancestors(nodes[i]))
                    if (candidateOf[a] >= 0) { lists[i].Add(candidateOf[a]); lists[candidateOf[a]].Add(i); }
            var start = new int[nodes.Length + 1];
            var items = new List<int>();
            for (var i = 0; i < nodes.Length; i++)
            {
                items.AddRange(lists[i].Distinct().Order());
                start[i + 1] = items.Count;
            }
            return (start, items.ToArray());
        }
    }
}
