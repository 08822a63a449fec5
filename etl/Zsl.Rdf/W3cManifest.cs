using System.Text;

namespace Zsl.Rdf;

/// <summary>One test of a W3C RDF syntax suite: positive tests must parse, negative ones must be rejected.</summary>
public sealed record W3cSyntaxTest(string Name, string Type, string ActionPath, string? Comment)
{
    public bool IsPositive => Type.EndsWith("PositiveSyntax", StringComparison.Ordinal);
    public bool IsNegative => Type.EndsWith("NegativeSyntax", StringComparison.Ordinal);
    public RdfSyntax Syntax => Type.Contains("NQuads", StringComparison.Ordinal) ? RdfSyntax.NQuads : RdfSyntax.NTriples;
}

/// <summary>
/// Reads a W3C test-suite <c>manifest.ttl</c>: the small subset of Turtle these manifests use (prefixes,
/// <c>&lt;iri&gt;</c> and prefixed names, <c>a</c>, string literals, <c>;</c> / <c>,</c> lists, one RDF
/// collection for <c>mf:entries</c>). Anything else is reported as an error, not guessed at.
/// </summary>
public static class W3cManifest
{
    private const string Mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
    private const string RdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    private const string RdfsComment = "http://www.w3.org/2000/01/rdf-schema#comment";

    public static IReadOnlyList<W3cSyntaxTest> Load(string manifestPath)
    {
        var text = File.ReadAllText(manifestPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var baseIri = "file://" + manifestPath.Replace('\\', '/');
        var statements = new Parser(text, manifestPath, baseIri).Parse();
        var bySubject = statements.GroupBy(s => s.Subject).ToDictionary(g => g.Key, g => g.ToList());
        var entries = statements.FirstOrDefault(s => s.Predicate == Mf + "entries")?.List
            ?? throw new InvalidDataException($"{manifestPath}: no mf:entries ( ... ) list");
        var tests = new List<W3cSyntaxTest>();
        foreach (var entry in entries)
        {
            if (!bySubject.TryGetValue(entry, out var props))
                throw new InvalidDataException($"{manifestPath}: entry {entry} is listed but not described");
            string? One(string predicate) => props.FirstOrDefault(p => p.Predicate == predicate)?.Object;
            var name = One(Mf + "name") ?? entry;
            var type = One(RdfType) ?? throw new InvalidDataException($"{manifestPath}: test {name} has no rdf:type");
            var action = One(Mf + "action") ?? throw new InvalidDataException($"{manifestPath}: test {name} has no mf:action");
            var file = Path.Combine(directory, Uri.UnescapeDataString(action[(action.LastIndexOf('/') + 1)..]));
            tests.Add(new W3cSyntaxTest(name, type, file, One(RdfsComment)));
        }
        return tests;
    }

    private sealed record Statement(string Subject, string Predicate, string Object, IReadOnlyList<string>? List);

    private sealed class Parser(string text, string file, string baseIri)
    {
        private readonly Dictionary<string, string> _prefixes = [];
        private readonly List<Statement> _statements = [];
        private int _i;

        public List<Statement> Parse()
        {
            while (true)
            {
                SkipSpace();
                if (_i >= text.Length) return _statements;
                if (text[_i] == '@')
                {
                    var keyword = ReadWhile(c => !char.IsWhiteSpace(c));
                    if (keyword != "@prefix") throw Error($"@prefix (this reader does not support {keyword})");
                    SkipSpace();
                    var prefix = ReadWhile(c => c != ':');
                    _i++;
                    SkipSpace();
                    _prefixes[prefix] = ReadIriRef();
                    Expect('.');
                    continue;
                }
                var subject = ReadTerm(out _);
                PredicateObjectList(subject);
                Expect('.');
            }
        }

        private void PredicateObjectList(string subject)
        {
            while (true)
            {
                SkipSpace();
                if (_i < text.Length && text[_i] == '.') return;
                var predicate = ReadTerm(out _);
                if (predicate == "a") predicate = RdfType;
                while (true)
                {
                    var obj = ReadTerm(out var list);
                    _statements.Add(new Statement(subject, predicate, obj, list));
                    SkipSpace();
                    if (_i < text.Length && text[_i] == ',') { _i++; continue; }
                    break;
                }
                SkipSpace();
                if (_i < text.Length && text[_i] == ';')
                {
                    while (_i < text.Length && text[_i] == ';') { _i++; SkipSpace(); }
                    continue;
                }
                return;
            }
        }

        private string ReadTerm(out List<string>? list)
        {
            list = null;
            SkipSpace();
            if (_i >= text.Length) throw Error("a term");
            switch (text[_i])
            {
                case '<': return ReadIriRef();
                case '"' or '\'': return ReadString();
                case '(':
                    _i++;
                    list = [];
                    while (true)
                    {
                        SkipSpace();
                        if (_i < text.Length && text[_i] == ')') { _i++; return "(list)"; }
                        list.Add(ReadTerm(out _));
                    }
                default:
                    var name = ReadWhile(c => !char.IsWhiteSpace(c) && c is not (';' or ',' or ')' or '('));
                    if (name.EndsWith('.') && _i < text.Length) { name = name[..^1]; _i--; }
                    if (name == "a") return name;
                    var colon = name.IndexOf(':');
                    if (colon < 0 || !_prefixes.TryGetValue(name[..colon], out var ns)) throw Error($"a known prefixed name, got '{name}'");
                    return ns + name[(colon + 1)..];
            }
        }

        private string ReadIriRef()
        {
            if (text[_i] != '<') throw Error("'<'");
            var end = text.IndexOf('>', _i);
            if (end < 0) throw Error("'>'");
            var iri = text[(_i + 1)..end];
            _i = end + 1;
            if (iri.Length == 0) return baseIri;
            if (iri.StartsWith('#')) return baseIri + iri;
            return iri.Contains(':') ? iri : baseIri[..(baseIri.LastIndexOf('/') + 1)] + iri;
        }

        private string ReadString()
        {
            var sb = new StringBuilder();
            var quote = text[_i++];
            while (_i < text.Length && text[_i] != quote)
            {
                if (text[_i] == '\\' && _i + 1 < text.Length) { sb.Append(text[_i + 1] switch { 'n' => '\n', 't' => '\t', var c => c }); _i += 2; }
                else sb.Append(text[_i++]);
            }
            if (_i >= text.Length) throw Error($"{quote} to close a string");
            _i++;
            if (_i < text.Length && text[_i] == '@') ReadWhile(c => !char.IsWhiteSpace(c) && c is not (';' or ',' or '.'));
            return sb.ToString();
        }

        private string ReadWhile(Func<char, bool> keep)
        {
            var start = _i;
            while (_i < text.Length && keep(text[_i])) _i++;
            return text[start.._i];
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (_i >= text.Length || text[_i] != c) throw Error($"'{c}'");
            _i++;
        }

        private void SkipSpace()
        {
            while (_i < text.Length)
            {
                if (char.IsWhiteSpace(text[_i])) _i++;
                else if (text[_i] == '#') { while (_i < text.Length && text[_i] != '\n') _i++; }
                else break;
            }
        }

        private InvalidDataException Error(string expected)
        {
            var line = text.AsSpan(0, Math.Min(_i, text.Length)).Count('\n') + 1;
            return new InvalidDataException($"{file}:{line}: expected {expected}");
        }
    }
}
