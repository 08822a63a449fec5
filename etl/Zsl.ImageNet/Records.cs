namespace Zsl.ImageNet;

/// <summary>The number of images of one class, as counted by <see cref="Source"/>; <see cref="Line"/> is where a line-based file lists it.</summary>
public sealed record ClassPopulation(string Wnid, long Images, string Source, long? Line = null);

/// <summary>One word of a frequency list and how often it occurs in the corpus.</summary>
public sealed record WordCount(string Word, long Count);

/// <summary>A named list of wnids (a split of imagenet-testsets.json).</summary>
public sealed record NamedWnidList(string Name, IReadOnlyList<string> Wnids);
