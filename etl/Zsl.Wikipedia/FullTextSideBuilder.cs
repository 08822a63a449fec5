using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Wikipedia;

/// <summary>
/// Builds the FTS5 index of <c>wiki_articles</c> on its own thread, in a side database beside the one being
/// loaded, while the load runs; <see cref="CopyInto"/> then copies the finished index's own tables
/// (<c>wiki_articles_fts_data</c>, <c>_idx</c>, <c>_docsize</c>) into the loaded database.
/// </summary>
/// <remarks>
/// A SQLite database has one writer, so tokenizing in the loading connection (a final <c>'rebuild'</c>, or an
/// insert per article) runs on the thread that does every other insert, after or between them. The side
/// database has a writer of its own; the loader's thread only hands over strings. Both tables are declared by
/// the same <c>sql/wikipedia/fts-create.sql</c> in the same SQLite library, so their index formats are the same;
/// the copied index is checked by the tests with FTS5's <c>'integrity-check'</c> against the article table.
/// </remarks>
public sealed class FullTextSideBuilder : IDisposable
{
    // a channel waited on with Blocking: BlockingCollection's consumer spins before it sleeps, and on 2 cores that spinning
    // took as much CPU as the tokenizer (dotnet-trace)
    private readonly Channel<(long PageId, string Title, string Text)> _articles = Channel.CreateBounded<(long, string, string)>(
        new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
    private readonly string _path;
    private readonly Thread _thread;
    private Exception? _failure;
    private bool _done;

    /// <param name="besidePath">the database being loaded: the side database is a temporary file next to it.</param>
    public FullTextSideBuilder(string besidePath)
    {
        _path = besidePath + $".fts-{Environment.ProcessId}";
        Database.DeleteWithSidecars(_path);
        _thread = new Thread(Build) { IsBackground = true, Name = "FTS5 side index" };
        _thread.Start();
    }

    public void Add(long pageId, string title, string text)
    {
        if (!Blocking.Write(_articles.Writer, (pageId, title, text))) throw Failed(); // the builder stopped taking
    }

    /// <summary>Waits for the side index and replaces the (empty) index tables of <paramref name="connection"/> with it.</summary>
    public void CopyInto(SqliteConnection connection, SqliteTransaction transaction)
    {
        Finish();
        if (_failure is not null) throw Failed();
        connection.ExecuteScript("wikipedia/fts-shadow-clear.sql", transaction);
        using var side = Database.OpenReadWrite(_path);
        Copy(side, connection, transaction, "wikipedia/fts-shadow-select-data.sql", "wikipedia/fts-shadow-insert-data.sql");
        Copy(side, connection, transaction, "wikipedia/fts-shadow-select-idx.sql", "wikipedia/fts-shadow-insert-idx.sql");
        Copy(side, connection, transaction, "wikipedia/fts-shadow-select-docsize.sql", "wikipedia/fts-shadow-insert-docsize.sql");
    }

    public void Dispose()
    {
        Finish();
        Database.DeleteWithSidecars(_path);
    }

    private void Finish()
    {
        if (_done) return;
        _done = true;
        _articles.Writer.TryComplete();
        _thread.Join();
    }

    private void Build()
    {
        try
        {
            using var side = Database.OpenReadWrite(_path);
            side.ExecuteScript("store/pragmas-bulk-build.sql");
            using var transaction = side.BeginTransaction();
            side.ExecuteScript("wikipedia/fts-create.sql", transaction);
            side.ExecuteScript("wikipedia/fts-side-settings.sql", transaction);
            using (var insert = new PreparedStatement(side, "wikipedia/fts-insert.sql", transaction))
            {
                var reader = _articles.Reader;
                while (Blocking.Result(reader.WaitToReadAsync()))
                    while (reader.TryRead(out var article))
                        insert.Execute(article.PageId, article.Title, article.Text);
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            _failure = e;
            _articles.Writer.TryComplete();
        }
    }

    private static void Copy(SqliteConnection from, SqliteConnection to, SqliteTransaction transaction, string select, string insert)
    {
        using var command = from.CreateCommand();
        command.CommandText = SqlScripts.Get(select);
        using var reader = command.ExecuteReader();
        using var statement = new PreparedStatement(to, insert, transaction);
        var values = new object?[reader.FieldCount];
        while (reader.Read())
        {
            reader.GetValues(values!);
            for (var i = 0; i < values.Length; i++) if (values[i] is DBNull) values[i] = null;
            statement.Execute(values);
        }
    }

    private InvalidOperationException Failed() => new($"building the full-text index in {_path} failed: {_failure!.Message}", _failure);
}
