namespace Zsl.Rdf;

public enum RdfTermKind : byte { Iri, BlankNode, Literal }

public enum RdfSyntax { NTriples, NQuads }

/// <summary>
/// An RDF term as a value: an IRI, a blank node label (without <c>_:</c>) or a literal with an optional
/// datatype IRI or language tag (never both). A simple literal keeps <see cref="Datatype"/> null, so that the
/// writer reproduces the form it was read in.
/// </summary>
public sealed record RdfTerm(RdfTermKind Kind, string Value, string? Datatype = null, string? Language = null)
{
    public const string XsdString = "http://www.w3.org/2001/XMLSchema#string";
    public const string RdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    public static RdfTerm Iri(string iri) => new(RdfTermKind.Iri, iri);
    public static RdfTerm Blank(string label) => new(RdfTermKind.BlankNode, label);
    public static RdfTerm Literal(string text) => new(RdfTermKind.Literal, text);
    public static RdfTerm LangLiteral(string text, string language) => new(RdfTermKind.Literal, text, null, language);
    public static RdfTerm TypedLiteral(string text, string datatype) => new(RdfTermKind.Literal, text, datatype);

    public bool IsIri => Kind == RdfTermKind.Iri;
    public bool IsLiteral => Kind == RdfTermKind.Literal;

    public override string ToString() => NTriplesFormat.Format(this);
}

/// <summary>One statement; <see cref="Graph"/> is null for a triple in the default graph.</summary>
public sealed record Quad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm? Graph = null);
