namespace Zsl.Embeddings.Poincare;

/// <summary>A named Poincaré recipe: which part of the noun closure it embeds and the hyper-parameters (time budget included).</summary>
public sealed record PoincarePreset(string Name, string Description, string? Root, bool Instances, PoincareOptions Options);

/// <summary>The recorded recipes of <c>./zsl train poincare</c>; options given next to a preset override its values.</summary>
public static class PoincarePresets
{
    /// <summary>The name that selects the plain defaults of <see cref="PoincareOptions"/> instead of a preset.</summary>
    public const string None = "none";

    public static IReadOnlyList<PoincarePreset> All { get; } =
    [
        new("nouns", "the full noun closure, dimension 10, 300 epochs at lr 0.2 decaying linearly to 0, 24-minute budget: MAP 0.807 on every node",
            null, true,
            new PoincareOptions
            {
                Dimension = 10, Epochs = 300, BatchSize = 64, LearningRate = 0.2, BurnIn = 5, FinalLearningRateFactor = 0,
                EvalEvery = 20, EvalNodes = 2000, FinalEvalNodes = 0, MaxMinutes = 24,
            }),
        new("mammal", "the mammal subtree (mammal.n.01, hypernyms only), dimension 10, 300 epochs, 25-minute budget",
            "mammal.n.01", false,
            new PoincareOptions { Dimension = 10, Epochs = 300, EvalEvery = 10, EvalNodes = 0, MaxMinutes = 25 }),
    ];

    public static PoincarePreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown --preset '{name}': expected {string.Join(", ", All.Select(p => p.Name))} or {None}");

    /// <summary>
    /// The recipe a run starts from: the named preset; without a name the full noun closure's when no root is given, and
    /// the plain defaults for a root of the user's choice or for <see cref="None"/> (every node evaluated in a subtree,
    /// 2,000 seeded nodes in the full closure).
    /// </summary>
    public static PoincarePreset Resolve(string? preset, string? root)
    {
        if (preset is null && root is null) return Get("nouns");
        if (preset is null || string.Equals(preset, None, StringComparison.OrdinalIgnoreCase))
            return new PoincarePreset(None, "plain defaults", root, true, new PoincareOptions { EvalNodes = root is null ? 2000 : 0 });
        return Get(preset);
    }
}
