using Zsl.Rdf;
using Zsl.TestKit;

namespace Zsl.Rdf.Tests.Rdf;

/// <summary>The W3C RDF 1.1 N-Triples and N-Quads syntax suites, driven by their manifest.ttl.</summary>
public class W3cSuiteTests
{
    public static TheoryData<string, string> Tests()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in new[] { "n-triples", "n-quads" })
            foreach (var test in W3cManifest.Load(TestPaths.Shared("rdf", suite, "manifest.ttl")))
                data.Add(suite, test.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tests))]
    public void Syntax_test_passes(string suite, string name)
    {
        var test = W3cManifest.Load(TestPaths.Shared("rdf", suite, "manifest.ttl")).Single(t => t.Name == name);
        var outcome = W3cSuiteRunner.Run(test);
        Assert.True(outcome.Passed, $"{test.Type} {test.Name} ({test.Comment}): {outcome.Detail}");
    }

    [Fact]
    public void Manifests_list_every_test_of_both_suites()
    {
        var nt = W3cManifest.Load(TestPaths.Shared("rdf", "n-triples", "manifest.ttl"));
        var nq = W3cManifest.Load(TestPaths.Shared("rdf", "n-quads", "manifest.ttl"));
        Assert.Equal(70, nt.Count);
        Assert.Equal(87, nq.Count);
        Assert.Equal(41, nt.Count(t => t.IsPositive));
        Assert.Equal(29, nt.Count(t => t.IsNegative));
        Assert.Equal(53, nq.Count(t => t.IsPositive));
        Assert.Equal(34, nq.Count(t => t.IsNegative));
        Assert.All(nt.Concat(nq), t => Assert.True(File.Exists(t.ActionPath), t.ActionPath));
    }
}
