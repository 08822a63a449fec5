namespace Zsl.Benchmark;

/// <summary>
/// Settings of the split generator; every value is recorded in the split's split.json and manifest.json.
/// Every thesis filter is on by default and applies when its data is known. Null bounds are off.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>WordNet's person.n.01: ImageNet withdrew most of its person categories, GOZ v1 has none.</summary>
    public const string Person = "n00007846";

    public int Size { get; init; } = 500;
    public ulong Seed { get; init; } = 1;

    /// <summary>Minimum images per class; applied only when populations are known (thesis 2.4.3.1: 300).</summary>
    public long MinPopulation { get; init; } = 300;

    /// <summary>
    /// Labels known to be rare - a count under this in class_stats (thesis 2.4.2.1: 50 Wikipedia occurrences) - are
    /// dropped; labels of unknown count stay (0 = off).
    /// </summary>
    public long RareBelow { get; init; } = 50;

    /// <summary>Also drop labels of unknown count (multi-word labels without a dump count, words in no list).</summary>
    public bool RequireLabelCount { get; init; }

    /// <summary>Strict word-frequency bounds on the label (off by default); labels without a count are dropped when set.</summary>
    public long? MinWordCount { get; init; }
    public long? MaxWordCount { get; init; }

    /// <summary>Keep only classes whose label is the primary (most frequent, strict) meaning of the word (thesis 2.4.2.2).</summary>
    public bool PrimaryMeaningOnly { get; init; } = true;

    /// <summary>Subtrees whose classes are not candidates: wnids (n00007846) or WordNet sense names (person.n.01).</summary>
    public IReadOnlyList<string> ExcludeSubtrees { get; init; } = ["person.n.01"];

    /// <summary>Optional word-vector vocabulary (fastText .vec or one word a line): keep classes whose label is in it.</summary>
    public string? Vocabulary { get; init; }

    /// <summary>
    /// Representativeness: the total variation distance between the lexname shares of the split and of the filtered
    /// candidate pool stays at or under this bound; R is maximised within it.
    /// </summary>
    public double MaxLexnameTvd { get; init; } = 0.02;

    /// <summary>The candidate pool's median, as a floor of <see cref="MedianFloors"/>.</summary>
    public const string PoolFloor = "pool";

    /// <summary>
    /// Representativeness of populations: the split's median images per class is at least the highest of these floors
    /// (at most (size - 1) / 2 classes below it). A floor is <see cref="PoolFloor"/> (the filtered candidate pool's
    /// median), a number of images, or the name of a stored split (its median: by default GOZ v1's, the published split
    /// the data card compares with, so that the split is no worse on populations); a stored split the database does not
    /// have is skipped and said so. Empty = off.
    /// </summary>
    public IReadOnlyList<string> MedianFloors { get; init; } = [PoolFloor, "goz-v1"];

    /// <summary>
    /// The split's smallest class has at least the highest of these floors (numbers, or stored splits: their smallest
    /// class; by default GOZ v1's), on top of <see cref="MinPopulation"/>, which defines the candidate pool. Empty = off.
    /// </summary>
    public IReadOnlyList<string> SmallestClassFloors { get; init; } = ["goz-v1"];

    /// <summary>The split's share of labels of unknown count (class_stats.word_count null). Null (default) = the pool's share; 1 = off.</summary>
    public double? MaxUnknownLabelShare { get; init; }

    /// <summary>The split's share of multi-word labels. Null (default) = the pool's share; 1 = off.</summary>
    public double? MaxMultiWordShare { get; init; }

    /// <summary>
    /// Distances above this are not tracked during the annealing (fast: short neighbour lists); the final steepest ascent
    /// tracks them up to 6, and the reported R is always computed exactly.
    /// </summary>
    public int DistanceHorizon { get; init; } = 3;

    /// <summary>Swap proposals of the local search, per chain.</summary>
    public int Iterations { get; init; } = 40_000_000;

    /// <summary>
    /// Independent annealing chains (chain 0 runs on the seed, the others on seeds derived from it), run in parallel; the
    /// split of highest R is kept (the first chain on a tie), so the result does not depend on the number of cores.
    /// </summary>
    public int Chains { get; init; } = 2;

    /// <summary>Start temperature of the annealing, in units of R (a swap that lowers R by this is kept with probability 1/e); it falls linearly to 0.</summary>
    public double Temperature { get; init; } = 0.002;

    public void Validate()
    {
        if (Size < 2) throw new ArgumentException($"--size must be at least 2, got {Size}");
        if (MinPopulation < 0) throw new ArgumentException("--min-population must be >= 0");
        if (RareBelow < 0) throw new ArgumentException("--rare-below must be >= 0");
        if (MinWordCount is < 0 || MaxWordCount is < 0) throw new ArgumentException("word-count bounds must be >= 0");
        if (MinWordCount > MaxWordCount) throw new ArgumentException($"--min-word-count {MinWordCount} is above --max-word-count {MaxWordCount}");
        if (MaxLexnameTvd is < 0 or > 1) throw new ArgumentException("--max-lexname-tvd must be in [0, 1]");
        foreach (var floor in MedianFloors.Concat(SmallestClassFloors))
            if (string.IsNullOrWhiteSpace(floor) || (long.TryParse(floor, out var images) && images < 0))
                throw new ArgumentException($"--min-median-images, --min-smallest-class: a floor is 'pool' (median only), a number of images >= 0 or a stored split's name, got '{floor}'");
        foreach (var (name, value) in new[] { ("--max-unknown-label-share", MaxUnknownLabelShare), ("--max-multi-word-share", MaxMultiWordShare) })
            if (value is < 0 or > 1 || value is double.NaN) throw new ArgumentException($"{name} must be 'pool' or a share in [0, 1], got {value}");
        if (DistanceHorizon is < 2 or > 20) throw new ArgumentException("--horizon must be in [2, 20]");
        if (Iterations < 0) throw new ArgumentException("--iterations must be >= 0");
        if (Chains is < 1 or > 64) throw new ArgumentException($"--chains must be in [1, 64], got {Chains}");
        if (Temperature is < 0 or > 1 || double.IsNaN(Temperature)) throw new ArgumentException($"--temperature must be in [0, 1], got {Temperature}");
    }
}
