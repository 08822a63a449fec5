namespace Zsl.Embeddings.Poincare;

/// <summary>Hyper-parameters of Poincaré embeddings (Nickel &amp; Kiela 2017).</summary>
public sealed record PoincareOptions
{
    public int Dimension { get; init; } = 10;
    public int Epochs { get; init; } = 200;
    public int BatchSize { get; init; } = 64;
    /// <summary>Riemannian SGD learning rate (the loss is summed over the batch).</summary>
    public double LearningRate { get; init; } = 0.3;
    public int Negatives { get; init; } = 50;
    /// <summary>Epochs of burn-in at learning rate / <see cref="BurnInFactor"/>, negatives drawn by degree^0.75.</summary>
    public int BurnIn { get; init; } = 10;
    public double BurnInFactor { get; init; } = 10;
    /// <summary>After burn-in the learning rate falls linearly to lr × this factor at the last epoch (1: constant).</summary>
    public double FinalLearningRateFactor { get; init; } = 1;
    /// <summary>Native: the C# kernel (analytic gradient, parallel over pairs); Torch: TorchSharp autograd (the reference).</summary>
    public PoincareEngine Engine { get; init; } = PoincareEngine.Native;
    public int EvalEvery { get; init; } = 10;
    /// <summary>Evaluate the reconstruction on this many seeded nodes (0: every node).</summary>
    public int EvalNodes { get; init; }
    /// <summary>Nodes of the final evaluation (0: every node; null: as <see cref="EvalNodes"/>).</summary>
    public int? FinalEvalNodes { get; init; }
    public int Seed { get; init; } = 1;
    public int? Threads { get; init; }
    public double? MaxMinutes { get; init; }

    public void Validate()
    {
        if (Dimension <= 0 || Epochs <= 0 || BatchSize <= 0 || LearningRate <= 0 || Negatives <= 0 || EvalEvery <= 0 || BurnIn < 0 || BurnInFactor <= 0 || FinalLearningRateFactor < 0 || FinalLearningRateFactor > 1)
            throw new ArgumentException("dimension, epochs, batch size, learning rate, negatives, eval-every and burn-in factor must be positive, the final learning-rate factor in [0, 1]");
    }

    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>
    {
        ["dimension"] = Dimension, ["epochs"] = Epochs, ["batchSize"] = BatchSize, ["learningRate"] = LearningRate,
        ["negatives"] = Negatives, ["burnIn"] = BurnIn, ["burnInFactor"] = BurnInFactor, ["evalEvery"] = EvalEvery,
        ["evalNodes"] = EvalNodes, ["finalEvalNodes"] = FinalEvalNodes ?? EvalNodes, ["finalLearningRateFactor"] = FinalLearningRateFactor, ["engine"] = Engine.ToString().ToLowerInvariant(), ["optimizer"] = "RSGD", ["threads"] = Threads ?? Environment.ProcessorCount,
    };
}

public enum PoincareEngine { Native, Torch }
