using Dapper;
using Zsl.LinkedData;
using Zsl.Rdf;
using Zsl.Store;
using Zsl.TestKit;
using static Zsl.LinkedData.WordNetRdfVocabulary;

namespace Zsl.Rdf.Tests.LinkedData;

public class WordNetRdfExportTests
{
    [Fact]
    public void Reading_the_export_back_reproduces_synset_sense_and_relation_counts()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "wordnet.nt"); // plain: gzip is covered by the reader tests and costs time here
            var export = WordNetRdfExporter.Export(WordNetDatabase.Path, path);

            using var connection = Database.OpenReadOnly(WordNetDatabase.Path);
            var relationsInDb = connection.Query<(string Relation, long N)>(SqlScripts.Get("linkeddata/count-pointers-by-relation.sql"))
                .ToDictionary(r => WordNetRdfVocabulary.RelationIri(r.Relation), r => r.N);
            var lemmas = connection.ExecuteScalar<long>(SqlScripts.Get("linkeddata/count-lemmas.sql"));

            long concepts = 0, senses = 0, definitions = 0, nounHypernymEdges = 0;
            var wnids = new HashSet<string>();
            var relations = new Dictionary<string, long>();
            using (var reader = NQuadsReader.Open(path))
            {
                Assert.Equal(RdfSyntax.NTriples, reader.Syntax);
                foreach (var q in reader.ReadQuads())
                {
                    var p = q.Predicate.Value;
                    if (p == WordNetRdfVocabulary.Type && q.Object.Value == LexicalConcept) concepts++;
                    else if (p == WordNetRdfVocabulary.Type && q.Object.Value == LexicalSense) senses++;
                    else if (p == Identifier) wnids.Add(q.Object.Value);
                    else if (p == Definition) definitions++;
                    else if (relationsInDb.ContainsKey(p))
                    {
                        relations[p] = relations.GetValueOrDefault(p) + 1;
                        if ((p == RelationIri("hypernym") || p == RelationIri("instance_hypernym")) && q.Subject.Value.EndsWith("-n")) nounHypernymEdges++;
                    }
                }
                Assert.Equal(export.Triples, reader.StatementCount);
            }
            Assert.Equal(117_659, concepts);
            Assert.Equal(117_659, wnids.Count);
            Assert.Equal(117_659, definitions);
            Assert.Contains("n02084071", wnids);
            Assert.Equal(lemmas, senses);
            Assert.Equal(relationsInDb, relations);
            Assert.Equal(relationsInDb.Values.Sum(), export.Relations);
            Assert.Equal(84_427, nounHypernymEdges); // WordNet 3.0's noun hypernym edges, instance hypernyms included
        }
        finally { Directory.Delete(dir, true); }
    }
}
