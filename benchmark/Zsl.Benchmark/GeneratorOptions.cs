namespace Zsl.Benchmark;

/// <summary>
/// Settings of the split generator; every value is recorded in the split's split.json and manifest.json.
/// Null bounds are off.
/// </summary>
public sealed record GeneratorOptions
{
    public int Size { get; init; } = 500;
    public ulong Seed { get; init; } = 1;

    /// <summary>Minimum images per class; applied only when populations are known (thesis 2.4.3.1: 300).</summary>
    public long MinPopulation { get; init; } = 300;

    /// <summary>Word-frequency bounds on the class label (first lemma); applied only when word counts are loaded.</summary>
    public long? MinWordCount { get; init; }
    public long? MaxWordCount { get; init; }

    /// <summary>Keep only classes whose label is the primary (most frequent, strict) meaning of the word (thesis 2.4.2.2).</summary>
    public bool PrimaryMeaningOnly { get; init; } = true;

    /// <summary>Optional word-vector vocabulary (fastText .vec or one word a line): keep classes whose label is in it.</summary>
    public string? Vocabulary { get; init; }

    /// <summary>Weight of the lexname entropy (natural log) in the objective R + w·H.</summary>
    public double EntropyWeight { get; init; } = 1.0;

    /// <summary>At most this share of the test classes in one lexname (keeps the split from piling into one branch).</summary>
    public double MaxLexnameShare { get; init; } = 0.2;

    /// <summary>Distances above this are not tracked during the search (the final R is always computed exactly).</summary>
    public int DistanceHorizon { get; init; } = 6;

    /// <summary>Swap proposals of the local search.</summary>
    public int Iterations { get; init; } = 300_000;

    public void Validate()
    {
        if (Size < 2) throw new ArgumentException($"--size must be at least 2, got {Size}");
        if (MinPopulation < 0) throw new ArgumentException("--min-population must be >= 0");
        if (MinWordCount is < 0 || MaxWordCount is < 0) throw new ArgumentException("word-count bounds must be >= 0");
        if (MinWordCount > MaxWordCount) throw new ArgumentException($"--min-word-count {MinWordCount} is above --max-word-count {MaxWordCount}");
        if (MaxLexnameShare is <= 0 or > 1) throw new ArgumentException("--max-lexname-share must be in (0, 1]");
        if (EntropyWeight < 0) throw new ArgumentException("--entropy-weight must be >= 0");
        if (DistanceHorizon is < 2 or > 20) throw new ArgumentException("--horizon must be in [2, 20]");
        if (Iterations < 0) throw new ArgumentException("--iterations must be >= 0");
    }
}
