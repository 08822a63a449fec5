using System.Text;
using CsCheck;
using Zsl.Rdf;
using Zsl.TestKit;

namespace Zsl.Rdf.Tests.Rdf;

/// <summary>Writer → reader round trips on generated terms, and mutated input that must never crash or hang the reader.</summary>
public class PropertyTests
{
    // Any Unicode scalar value, weighted towards the characters that need escaping or are easy to get wrong.
    private static readonly Gen<string> AnyChar = Gen.Frequency(
        (4, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.OneOfConst("\"", "\\", "\n", "\r", "\t", "\b", "\f", "'", "#", "<", ">", " ", ".", "\u0000", "\u001F", "\u007F", "\u0085", "\u2028", "\uFEFF")),
        (2, Gen.Int[0x80, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => char.ConvertFromUtf32(c))),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    private static readonly Gen<string> IriChar = Gen.Frequency(
        (4, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.OneOfConst("/", "#", "?", "%20", ":", "&", "=", "'", "(", ")", "*", "+", ",", ";", "~", "@", "!", "$")),
        (2, Gen.Int[0xA0, 0xFFFD].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => char.ConvertFromUtf32(c))),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    private static Gen<string> Text(Gen<string> chars, int max) => chars.Array[0, max].Select(parts => string.Concat(parts));

    private static readonly Gen<RdfTerm> Iri = Gen.Select(Gen.OneOfConst("http://", "https://", "urn:", "tag:x.org,2020:", "a+b.c-d:"), Text(IriChar, 20),
        (scheme, rest) => RdfTerm.Iri(scheme + rest));

    private static readonly Gen<RdfTerm> Blank = Gen.Select(
        Gen.OneOf(Gen.Char['a', 'z'].Select(c => c.ToString()), Gen.Char['0', '9'].Select(c => c.ToString()), Gen.Const("_"), Gen.Const("é"), Gen.Const("\U00010000")),
        Gen.OneOf(Gen.Char['a', 'z'].Select(c => c.ToString()), Gen.OneOfConst("-", ".", "_", "·", "\u0301", "‿", "7")).Array[0, 8],
        (first, rest) =>
        {
            var label = first + string.Concat(rest);
            return RdfTerm.Blank(label.TrimEnd('.'));
        });

    private static readonly Gen<string> LanguageTag = Gen.Select(Gen.Char['a', 'z'].Array[1, 8], Gen.Char['A', 'z'].Where(char.IsAsciiLetter).Array[1, 8].Array[0, 3],
        (primary, subtags) => new string(primary) + string.Concat(subtags.Select(s => "-" + new string(s))));

    private static readonly Gen<RdfTerm> Literal = Gen.OneOf(
        Text(AnyChar, 30).Select(RdfTerm.Literal),
        Gen.Select(Text(AnyChar, 30), LanguageTag, RdfTerm.LangLiteral),
        Gen.Select(Text(AnyChar, 30), Iri, (text, dt) => RdfTerm.TypedLiteral(text, dt.Value)));

    private static readonly Gen<Quad> Quads = Gen.Select(Gen.OneOf(Iri, Blank), Iri, Gen.OneOf(Iri, Blank, Literal), Gen.OneOf(Iri, Blank).Null(),
        (s, p, o, g) => new Quad(s, p, o, g));

    [Fact]
    public void Writer_then_reader_reproduces_every_statement()
    {
        Quads.Array[1, 20].Sample(quads =>
        {
            var buffer = new MemoryStream();
            using (var writer = new NTriplesWriter(buffer, leaveOpen: true))
                foreach (var q in quads) writer.Write(q);
            buffer.Position = 0;
            using var reader = new NQuadsReader(buffer, "generated.nq");
            var back = reader.ReadQuads().ToList();
            Assert.Equal(quads, back);
        }, iter: 500, print: q => string.Join("\n", q.Select(x => $"{x.Subject} {x.Predicate} {x.Object} {x.Graph}")));
    }

    [Fact]
    public void Writer_output_is_one_line_per_statement()
    {
        Quads.Sample(q =>
        {
            var text = new StringWriter();
            using (var writer = new NTriplesWriter(text)) writer.Write(q);
            var line = text.ToString();
            Assert.EndsWith(" .\n", line);
            Assert.DoesNotContain('\r', line);
            Assert.Equal(1, line.Count(c => c == '\n'));
        }, iter: 300);
    }

    [Fact]
    public void Writer_refuses_terms_it_cannot_write_faithfully()
    {
        var w = new NTriplesWriter(new StringWriter());
        var p = RdfTerm.Iri("http://ex.org/p");
        Assert.Throws<ArgumentException>(() => w.Write(RdfTerm.Iri("relative"), p, p));
        Assert.Throws<ArgumentException>(() => w.Write(RdfTerm.Iri("http://ex.org/a b"), p, p));
        Assert.Throws<ArgumentException>(() => w.Write(RdfTerm.Blank("a:b"), p, p));
        Assert.Throws<ArgumentException>(() => w.Write(p, p, RdfTerm.LangLiteral("x", "1en")));
        Assert.Throws<ArgumentException>(() => w.Write(p, p, RdfTerm.Literal("lone \uD800 surrogate")));
        Assert.Throws<ArgumentException>(() => w.Write(RdfTerm.Literal("x"), p, p));
    }

    [Fact]
    public void Mutated_lines_never_crash_or_hang_the_reader()
    {
        var seeds = new List<string>();
        foreach (var suite in new[] { "n-triples", "n-quads" })
            foreach (var file in Directory.EnumerateFiles(TestPaths.Shared("rdf", suite)).Where(f => f.EndsWith(".nt") || f.EndsWith(".nq")))
                seeds.AddRange(File.ReadAllLines(file).Where(l => l.Length > 0));
        var random = new Random(20191);
        var alphabet = "<>\"\\_:.@^#uU0123456789abcdefABCDEF \t\r\n-é'{}|`"u8.ToArray().Concat(new byte[] { 0x00, 0x80, 0xC3, 0xE2, 0xF0, 0xFF }).ToArray();
        var mutated = new List<byte[]>();
        for (var i = 0; i < 5000; i++)
        {
            var line = Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Count)]).ToList();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(line.Count + 1);
                switch (random.Next(5))
                {
                    case 0 when line.Count > 0: line[Math.Min(at, line.Count - 1)] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: line.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2 when at < line.Count: line.RemoveAt(at); break;
                    case 3: line.RemoveRange(at, line.Count - at); break;
                    default: line.InsertRange(at, line.Take(random.Next(line.Count + 1)).ToList()); break;
                }
            }
            mutated.Add(line.ToArray());
        }

        var run = Task.Run(() =>
        {
            long statements = 0, invalid = 0;
            foreach (var line in mutated)
            {
                // Strict: a line is either read or rejected with an RdfSyntaxException, nothing else.
                try
                {
                    using var strict = new NQuadsReader(new MemoryStream(line), "fuzz.nq");
                    while (strict.Read()) _ = strict.CurrentQuad();
                }
                catch (RdfSyntaxException) { }
            }
            // Skipping: the whole mutated corpus as one stream never throws.
            var all = mutated.SelectMany(l => l.Append((byte)'\n')).ToArray();
            using var reader = new NQuadsReader(new MemoryStream(all), "fuzz.nq", new RdfReaderOptions { SkipInvalid = true });
            while (reader.Read()) { statements++; _ = reader.CurrentQuad(); }
            invalid = reader.InvalidLineCount;
            return (statements, invalid);
        });
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the reader did not finish the fuzz corpus within 60 s");
        var (ok, bad) = run.Result;
        Assert.True(ok > 0 && bad > 0, $"fuzz corpus should mix valid ({ok}) and invalid ({bad}) lines");
    }
}
