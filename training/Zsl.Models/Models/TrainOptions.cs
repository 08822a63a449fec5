namespace Zsl.Models.Models;

/// <summary>Everything <see cref="ZslTrainer"/> needs; defaults follow the original papers scaled to a CPU.</summary>
public sealed record TrainOptions
{
    public required string Model { get; init; }                // eszsl | conse | devise | gcn | trivial
    public required string Features { get; init; }             // Parquet or .npz of training images
    public required string Split { get; init; }                // folder with train_wnids.txt, test_wnids.txt
    public string? Embeddings { get; init; }                   // class embeddings Parquet (all but trivial)
    public string? Database { get; init; }                     // WordNet SQLite (gcn, trivial)
    public int Seed { get; init; } = 1;
    public int BatchSize { get; init; } = 1024;
    public double ValidationFraction { get; init; } = 0.2;     // ESZSL: share of training classes held out to pick γ, λ
    public double[] GammaGrid { get; init; } = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];   // relative to mean eigenvalue of XXᵀ
    public double[] LambdaGrid { get; init; } = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];  // relative to mean eigenvalue of SSᵀ
    public bool SignedLabels { get; init; } = false;           // ESZSL labels: {-1, 1} (the paper) or one-hot {0, 1}
    public int Epochs { get; init; } = 20;                     // softmax classifier (ConSE, GCN targets) and DeViSE
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-5;
    public double Margin { get; init; } = 0.1;                 // DeViSE hinge rank loss
    public int ConseTop { get; init; } = 10;                   // ConSE: T
    public string GcnForm { get; init; } = "gcnz";             // gcnz (6 layers) | gcn2 (2 layers) | adgpm
    public int[]? Hidden { get; init; }                        // GCN hidden widths (default per form)
    public int GcnEpochs { get; init; } = 300;
    public double GcnLearningRate { get; init; } = 1e-3;
    public double Dropout { get; init; } = 0.5;
    public string? Classifier { get; init; }                   // GCN: seen-class classifier weights Parquet (wnid, vector), else trained
    public int ShuffleBufferRows { get; init; } = 16_384;           // bounded shuffle: 128 MB at 2048-d
}
