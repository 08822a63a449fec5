namespace Zsl.Evaluation;

/// <summary>Per-class mean top-k accuracy for k in <see cref="Evaluator.Ks"/> (keys "1", "2", "5", "10", "20").</summary>
public sealed record TopK(IReadOnlyDictionary<string, double> Accuracy, int Classes, long Images);

/// <summary>Generalized ZSL (Xian et al.): unseen and seen accuracy among all classes and their harmonic mean, per k.</summary>
public sealed record GeneralizedTopK(TopK Unseen, TopK? Seen, IReadOnlyDictionary<string, double>? Harmonic);

/// <summary>Figure 2.2: share of top-1 predictions that are the true class, its parent, its child, or unrelated.</summary>
public sealed record ErrorBreakdown(double True, double Parent, double Child, double Unrelated, long Images);

/// <summary>One 100-class sub-split: its classes' mean statistic (for the structural ratio, the sub-split's own R) and accuracy.</summary>
public sealed record SubSplit(int Index, int Classes, double Statistic, double Top1, double Top5);

/// <summary>Sub-splits of one statistic with the Pearson correlation of top-1 accuracy with it.</summary>
public sealed record SubSplitSeries(string Statistic, int Size, IReadOnlyList<SubSplit> Splits, double? Correlation, string? Plot);

public sealed record EvaluationReport(
    string Model,
    string Features,
    IReadOnlyList<int> Ks,
    TopK Zsl,
    GeneralizedTopK Generalized,
    ErrorBreakdown? ZslBreakdown,
    ErrorBreakdown? GeneralizedBreakdown,
    double? StructuralRatio,
    IReadOnlyList<SubSplitSeries> SubSplits,
    IReadOnlyList<string> Plots,
    IReadOnlyList<string> MissingTestClasses);
