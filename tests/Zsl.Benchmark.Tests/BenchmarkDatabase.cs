using Zsl.Benchmark;
using Zsl.ImageNet;
using Zsl.TestKit;

namespace Zsl.Benchmark.Tests;

/// <summary>A WordNet database copy with the ImageNet tables of the embedded default and class_stats, shared by a test class.</summary>
public sealed class BenchmarkDatabase : IDisposable
{
    public string Directory { get; } = TestPaths.NewTempDirectory("zsl-benchmark");
    public string Path { get; }
    public ClassStatsSummary Stats { get; }

    /// <summary>A small generated split (60 classes, seed 7), written once and shared.</summary>
    public static GeneratorOptions Small { get; } = new() { Size = 60, Seed = 7, Iterations = 5_000 };

    private readonly Lazy<string> _smallSplit;
    public string SmallSplit => _smallSplit.Value;

    public BenchmarkDatabase()
    {
        Path = WordNetDatabase.CopyTo(Directory);
        ImageNetLoader.Load(Path, ImageNetSources.FromMirror(TestPaths.SharedData));
        Stats = ClassStats.Build(Path);
        _smallSplit = new Lazy<string>(() =>
        {
            var folder = System.IO.Path.Combine(Directory, "small-split");
            SplitFiles.Write(SplitGenerator.Generate(Path, Small), SplitFiles.Inputs(Path), folder);
            return folder;
        });
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, true);
}
