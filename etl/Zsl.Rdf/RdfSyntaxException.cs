namespace Zsl.Rdf;

/// <summary>Where an N-Triples / N-Quads line went wrong: file, 1-based line and column (in characters), and what was expected.</summary>
public sealed record RdfSyntaxError(string File, long Line, int Column, string Expected)
{
    public override string ToString() => $"{File}:{Line}:{Column}: expected {Expected}";
}

/// <summary>Input that is not valid N-Triples / N-Quads. The CLI reports it as one line of bad input.</summary>
public sealed class RdfSyntaxException(RdfSyntaxError error) : Exception(error.ToString())
{
    public RdfSyntaxError Error { get; } = error;
    public string File => Error.File;
    public long Line => Error.Line;
    public int Column => Error.Column;
}
