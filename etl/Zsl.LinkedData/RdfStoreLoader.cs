using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Rdf;
using Zsl.Store;

namespace Zsl.LinkedData;

public sealed record RdfLoadSummary(
    int Files, long Statements, long InvalidLines, long Terms, IReadOnlyList<RdfSyntaxError> FirstErrors,
    LodExtraction Extraction, TimeSpan Elapsed);

/// <summary>
/// <c>etl rdf</c>: loads N-Triples / N-Quads files into dictionary-encoded tables (<c>rdf_terms</c>,
/// <c>rdf_triples</c>, <c>rdf_sources</c>), then extracts the BabelNet / WordNet / Wikipedia links
/// (<see cref="LodExtractor"/>). Statements go into staging tables in batched transactions; the published
/// tables are replaced in one final transaction, so a failed or interrupted load leaves the previous ones intact
/// and a rerun replaces them (idempotent).
/// </summary>
public static class RdfStoreLoader
{
    public static RdfLoadSummary Load(string databasePath, IReadOnlyList<string> files, RdfReaderOptions? options = null,
        int batchSize = 100_000, IProgress<StageProgress>? progress = null)
    {
        if (files.Count == 0) throw new ArgumentException("no RDF files given");
        foreach (var file in files)
            if (!File.Exists(file)) throw new FileNotFoundException($"{file} does not exist", file);
        options ??= new RdfReaderOptions();
        var clock = Stopwatch.StartNew();
        using var connection = Database.OpenReadWrite(databasePath);
        connection.ExecuteScript("linkeddata/create-rdf-staging.sql");
        var terms = new Dictionary<string, long>(StringComparer.Ordinal);
        long statements = 0, invalid = 0;
        var errors = new List<RdfSyntaxError>();
        Batch? batch = null;
        try
        {
            batch = new Batch(connection);
            try
            {
                for (var f = 0; f < files.Count; f++)
                {
                    var source = f + 1;
                    using var reader = NQuadsReader.Open(files[f], options);
                    while (reader.Read())
                    {
                        var s = TermId(reader.Subject, source);
                        var p = TermId(reader.Predicate, source);
                        var o = TermId(reader.Object, source);
                        long? g = reader.HasGraph ? TermId(reader.Graph, source) : null;
                        batch.Triple.Execute(s, p, o, g, source);
                        if (++statements % batchSize == 0)
                        {
                            batch = batch.Commit();
                            progress?.Report(new StageProgress("rdf", statements, null, "statements"));
                        }
                    }
                    batch.Source.Execute(source, files[f], reader.StatementCount, reader.InvalidLineCount);
                    invalid += reader.InvalidLineCount;
                    errors.AddRange(reader.Errors.Take(Math.Max(0, options.MaxErrorsKept - errors.Count)));
                }
                batch.Commit(last: true);
            }
            catch
            {
                batch.Dispose();
                throw;
            }

            LodExtraction extraction;
            using (var transaction = connection.BeginTransaction())
            {
                connection.ExecuteScript("linkeddata/publish-rdf.sql", transaction);
                extraction = LodExtractor.Extract(connection, transaction, progress);
                ArticleChoice.Compute(connection, transaction);
                transaction.Commit();
            }
            return new RdfLoadSummary(files.Count, statements, invalid, terms.Count, errors, extraction, clock.Elapsed);
        }
        catch
        {
            connection.ExecuteScript("linkeddata/drop-rdf-staging.sql"); // never leave half-loaded tables behind
            throw;
        }

        long TermId(RdfTermSpan term, int source)
        {
            var value = term.Kind == RdfTermKind.BlankNode ? $"f{source}_{term.ValueString}" : term.ValueString;
            var datatype = term.Datatype.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(term.Datatype);
            var language = term.Language.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(term.Language);
            var key = $"{(int)term.Kind}{value}\0{datatype}\0{language}";
            if (terms.TryGetValue(key, out var id)) return id;
            id = terms.Count + 1;
            terms[key] = id;
            batch!.Term.Execute(id, (int)term.Kind, value, datatype, language);
            return id;
        }
    }

    /// <summary>One transaction of the load with its prepared statements.</summary>
    private sealed class Batch : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        public PreparedStatement Term { get; }
        public PreparedStatement Triple { get; }
        public PreparedStatement Source { get; }

        public Batch(SqliteConnection connection)
        {
            _connection = connection;
            _transaction = connection.BeginTransaction();
            Term = new PreparedStatement(connection, "linkeddata/insert-rdf-term.sql", _transaction);
            Triple = new PreparedStatement(connection, "linkeddata/insert-rdf-triple.sql", _transaction);
            Source = new PreparedStatement(connection, "linkeddata/insert-rdf-source.sql", _transaction);
        }

        public Batch Commit(bool last = false)
        {
            _transaction.Commit();
            Dispose();
            return last ? this : new Batch(_connection);
        }

        public void Dispose()
        {
            Term.Dispose();
            Triple.Dispose();
            Source.Dispose();
            _transaction.Dispose();
        }
    }
}
