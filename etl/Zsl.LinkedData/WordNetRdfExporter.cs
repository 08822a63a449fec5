using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Zsl.Rdf;
using Zsl.Store;
using static Zsl.LinkedData.WordNetRdfVocabulary;

namespace Zsl.LinkedData;

public sealed record WordNetRdfExport(string Path, long Triples, long Synsets, long Senses, long Relations, TimeSpan Elapsed);

/// <summary>Writes the WordNet tables of a database as N-Triples (gzip when the name ends in .gz), atomically.</summary>
public static class WordNetRdfExporter
{
    public static WordNetRdfExport Export(string databasePath, string outputPath, IProgress<StageProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var connection = Database.OpenReadOnly(databasePath);
        if (!connection.TableExists("synsets"))
            throw new ArgumentException($"{databasePath} has no WordNet tables (build them with ./zsl etl wordnet --db {databasePath})");
        var full = System.IO.Path.GetFullPath(outputPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temp = full + $".tmp-{Environment.ProcessId}" + (full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? ".gz" : "");
        long synsets = 0, senses = 0, relations = 0, triples;
        try
        {
            var posOf = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var writer = new NTriplesWriter(RdfFile.Create(temp)))
            {
                var type = RdfTerm.Iri(WordNetRdfVocabulary.Type);
                foreach (var s in connection.Query<(string Wnid, string Pos, long Offset, string Lexname, string Definition, string Examples)>(
                             SqlScripts.Get("linkeddata/export-synsets.sql"), buffered: false))
                {
                    posOf[s.Wnid] = s.Pos;
                    var synset = RdfTerm.Iri(SynsetIri(s.Wnid, s.Pos));
                    writer.Write(synset, type, RdfTerm.Iri(LexicalConcept));
                    writer.Write(synset, RdfTerm.Iri(Identifier), RdfTerm.Literal(s.Wnid));
                    writer.Write(synset, RdfTerm.Iri(PartOfSpeech), RdfTerm.Iri(PosIri(s.Pos)));
                    writer.Write(synset, RdfTerm.Iri(Lexfile), RdfTerm.Literal(s.Lexname));
                    writer.Write(synset, RdfTerm.Iri(Definition), RdfTerm.LangLiteral(s.Definition, "en"));
                    foreach (var example in JsonSerializer.Deserialize<string[]>(s.Examples) ?? [])
                        writer.Write(synset, RdfTerm.Iri(Example), RdfTerm.LangLiteral(example, "en"));
                    if (++synsets % 20_000 == 0) progress?.Report(new StageProgress("synsets", synsets, null, "synsets"));
                }
                foreach (var l in connection.Query<(string Wnid, string Lemma, long WordNumber, string SenseKey, long? SenseRank, long TagCount)>(
                             SqlScripts.Get("linkeddata/export-lemmas.sql"), buffered: false))
                {
                    var pos = posOf[l.Wnid];
                    var sense = RdfTerm.Iri(SenseIri(l.Wnid, pos, l.WordNumber));
                    writer.Write(sense, type, RdfTerm.Iri(LexicalSense));
                    writer.Write(sense, RdfTerm.Iri(IsLexicalizedSenseOf), RdfTerm.Iri(SynsetIri(l.Wnid, pos)));
                    writer.Write(sense, RdfTerm.Iri(Label), RdfTerm.LangLiteral(l.Lemma, "en"));
                    writer.Write(sense, RdfTerm.Iri(SenseKey), RdfTerm.Literal(l.SenseKey));
                    if (l.SenseRank is { } rank) writer.Write(sense, RdfTerm.Iri(SenseRank), RdfTerm.TypedLiteral(rank.ToString(), Xsd + "integer"));
                    writer.Write(sense, RdfTerm.Iri(TagCount), RdfTerm.TypedLiteral(l.TagCount.ToString(), Xsd + "integer"));
                    if (++senses % 50_000 == 0) progress?.Report(new StageProgress("senses", senses, null, "senses"));
                }
                foreach (var p in connection.Query<(string SourceWnid, long SourceWord, string Relation, string TargetWnid, long TargetWord)>(
                             SqlScripts.Get("linkeddata/export-pointers.sql"), buffered: false))
                {
                    var source = p.SourceWord == 0 ? SynsetIri(p.SourceWnid, posOf[p.SourceWnid]) : SenseIri(p.SourceWnid, posOf[p.SourceWnid], p.SourceWord);
                    var target = p.TargetWord == 0 ? SynsetIri(p.TargetWnid, posOf[p.TargetWnid]) : SenseIri(p.TargetWnid, posOf[p.TargetWnid], p.TargetWord);
                    writer.Write(RdfTerm.Iri(source), RdfTerm.Iri(RelationIri(p.Relation)), RdfTerm.Iri(target));
                    if (++relations % 100_000 == 0) progress?.Report(new StageProgress("relations", relations, null, "relations"));
                }
                triples = writer.Count;
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return new WordNetRdfExport(full, triples, synsets, senses, relations, clock.Elapsed);
    }
}
