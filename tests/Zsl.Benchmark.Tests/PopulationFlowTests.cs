using Dapper;
using Zsl.Benchmark;
using Zsl.ImageNet;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Benchmark.Tests;

public sealed class PopulationFlowTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory("zsl-population");

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Known_populations_reach_class_stats_and_the_generator_filter_and_etl_reruns_after_stats()
    {
        var db = WordNetDatabase.CopyTo(_dir);
        var mirror = ImageNetSources.FromMirror(TestPaths.SharedData) with { ImageCounts = null };
        ImageNetLoader.Load(db, mirror);
        ClassStats.Build(db);
        // A rerun of etl imagenet after benchmark stats replaces the ImageNet tables (class_stats depends on them).
        var releaseStatus = Path.Combine(TestPaths.RepoRoot, "tests", "Zsl.Etl.Tests", "ImageNet", "Fixtures", "ReleaseStatus.xml");
        ImageNetLoader.Load(db, mirror with { ReleaseStatus = releaseStatus });
        var stats = ClassStats.Build(db);
        Assert.Equal(4, stats.WithPopulation);
        using (var connection = Database.OpenReadOnly(db))
            Assert.Equal(121, connection.ExecuteScalar<long>("SELECT population FROM class_stats WHERE wnid = 'n03220095'"));

        // Non-training classes with a population: n03220095 (121 images, under 300) and dog n02084071 (1,603 images, but an
        // ancestor of training classes, so structurally inconsistent).
        var error = Assert.Throws<InvalidOperationException>(() => SplitGenerator.Generate(db, new GeneratorOptions { Size = 10, Iterations = 0 }));
        Assert.Contains("empty", error.Message);
        Assert.Contains("min population -> 1;", error.Message);
        Assert.Contains("structurally consistent with training -> 0", error.Message);
    }
}
