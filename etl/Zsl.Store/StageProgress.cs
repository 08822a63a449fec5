namespace Zsl.Store;

/// <summary>How far a long-running stage has come; <see cref="Total"/> is null when it is not known in advance.</summary>
public readonly record struct StageProgress(string Stage, long Done, long? Total = null, string Unit = "records");
