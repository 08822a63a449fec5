namespace Zsl.Rdf;

public sealed record W3cOutcome(W3cSyntaxTest Test, bool Passed, long Statements, string Detail);

/// <summary>Runs W3C syntax tests with this reader: a positive test passes if the file parses, a negative one if it is rejected.</summary>
public static class W3cSuiteRunner
{
    public static W3cOutcome Run(W3cSyntaxTest test)
    {
        try
        {
            using var reader = NQuadsReader.Open(test.ActionPath, new RdfReaderOptions { Syntax = test.Syntax });
            while (reader.Read()) { }
            return new W3cOutcome(test, test.IsPositive, reader.StatementCount,
                test.IsPositive ? $"parsed {reader.StatementCount} statements" : $"accepted ({reader.StatementCount} statements) but should be rejected");
        }
        catch (RdfSyntaxException error)
        {
            return new W3cOutcome(test, test.IsNegative, 0, error.Message);
        }
    }

    public static IReadOnlyList<W3cOutcome> RunManifest(string manifestPath)
        => W3cManifest.Load(manifestPath).Select(Run).ToList();
}
