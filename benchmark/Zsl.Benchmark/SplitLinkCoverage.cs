using System.Text.Json;
using Dapper;
using Zsl.Store;

namespace Zsl.Benchmark;

/// <summary>The data card's section on the test classes' Wikipedia articles (class_articles of ./zsl etl links), when links are loaded.</summary>
public static class SplitLinkCoverage
{
    public static string Markdown(string databasePath, IReadOnlyCollection<string> test)
    {
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("class_articles")) return "";
        var (babelNet, fernando, linked) = connection.QuerySingle<(long, long, long)>(SqlScripts.Get("linkeddata/coverage-by-source.sql"),
            new { wnids = JsonSerializer.Serialize(test) });
        string Share(long n) => $"{n:N0} ({(test.Count == 0 ? 0 : 100.0 * n / test.Count):F1} %)";
        return $"""

            ## Wikipedia articles

            Test classes with an English Wikipedia article (WordNet–Wikipedia links of BabelNet 2.0.1 and Fernando 2013,
            one article chosen per class: `class_articles`, docs/wikipedia.md):

            | source | test classes |
            |---|---|
            | BabelNet 2.0.1 | {Share(babelNet)} |
            | Fernando 2013 | {Share(fernando)} |
            | class_articles (either) | {Share(linked)} |

            """;
    }
}
