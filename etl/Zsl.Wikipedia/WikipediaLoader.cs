using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Zsl.Store;
using Zsl.Text;

namespace Zsl.Wikipedia;

public sealed record WikipediaLoadOptions(bool SkipInvalidPages = false, int? Threads = null);

public sealed record WikipediaLoadSummary(
    long Pages, long Articles, long Disambiguations, long Redirects, long Links, long Categories,
    long OtherNamespaces, IReadOnlyList<SkippedPage> Skipped, long DecompressedBytes, TimeSpan Elapsed);

/// <summary>
/// <c>./zsl etl wikipedia</c>: loads main-namespace articles (as plain text), redirects, links and categories of
/// one or more dumps into <c>wiki_articles</c>, <c>wiki_redirects</c>, <c>wiki_links</c>, <c>wiki_categories</c>
/// and the FTS5 index <c>wiki_articles_fts</c>, replacing those tables, in one transaction.
/// </summary>
public static class WikipediaLoader
{
    public static WikipediaLoadSummary Load(string dbPath, IReadOnlyList<string> dumps, WikipediaLoadOptions? options = null,
        IProgress<StageProgress>? progress = null)
    {
        options ??= new WikipediaLoadOptions();
        if (dumps.Count == 0) throw new ArgumentException("give at least one dump (--dump FILE)");
        foreach (var dump in dumps)
            if (!File.Exists(dump)) throw new FileNotFoundException($"dump {dump} does not exist", dump);
        WikipediaLoadSummary? summary = null;
        // links and categories are inserted right after their article: their foreign keys hold by construction
        StageDatabase.Run(dbPath, (connection, transaction) => summary = Load(connection, transaction, dumps, options, progress),
            checkForeignKeys: false);
        return summary!;
    }

    private sealed record Converted(WikiPage Page, ArticleText? Article, int Words);

    public static WikipediaLoadSummary Load(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> dumps,
        WikipediaLoadOptions options, IProgress<StageProgress>? progress)
    {
        var clock = Stopwatch.StartNew();
        connection.ExecuteScript("wikipedia/drop-tables.sql", transaction);
        connection.ExecuteScript("wikipedia/create-tables.sql", transaction);
        connection.ExecuteScript("wikipedia/fts-create.sql", transaction);
        // the full-text index is built on its own thread while the articles load (see FullTextSideBuilder)
        using var fullText = new FullTextSideBuilder(connection.DataSource);
        using var insertArticle = new PreparedStatement(connection, "wikipedia/insert-article.sql", transaction);
        using var insertRedirect = new PreparedStatement(connection, "wikipedia/insert-redirect.sql", transaction);
        using var insertLink = new PreparedStatement(connection, "wikipedia/insert-link.sql", transaction);
        using var insertCategory = new PreparedStatement(connection, "wikipedia/insert-category.sql", transaction);
        long pages = 0, articles = 0, disambiguations = 0, redirects = 0, links = 0, categories = 0, other = 0, bytes = 0;
        var skipped = new List<SkippedPage>();
        Action<SkippedPage>? onSkipped = options.SkipInvalidPages ? page => { lock (skipped) skipped.Add(page); } : null;
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<long>();
        foreach (var dump in dumps)
        {
            var origin = "dump:" + Path.GetFileName(dump);
            // decompression (block-parallel), XML parsing (a reader thread), wikitext conversion (batches on the
            // thread pool) and the SQLite inserts (this thread) overlap
            foreach (var item in ConvertAhead(DumpReader.ReadPages(dump, onSkipped, options.Threads), options.Threads))
            {
                var page = item.Page;
                pages++;
                bytes += page.Text.Length;
                if (page.Namespace != 0) { other++; continue; }
                var title = Wikitext.NormalizeTitle(page.Title);
                if (!ids.Add(page.Id) || !titles.Add(title))
                {
                    var duplicate = new SkippedPage(dump, null, $"page '{page.Title}' (id {page.Id})", "expected unique page ids and titles across the dumps (seen before)");
                    if (onSkipped is null) throw new DataFormatException(dump, null, $"{duplicate.Page}: {duplicate.Reason} (use --skip-invalid-pages to skip such pages)");
                    onSkipped(duplicate);
                    continue;
                }
                if (page.RedirectTarget is not null)
                {
                    insertRedirect.Execute(title, page.Id, Wikitext.NormalizeTitle(page.RedirectTarget));
                    redirects++;
                    continue;
                }
                var article = item.Article!;
                insertArticle.Execute(page.Id, title, page.RevisionId, article.IsDisambiguation ? 1 : 0, article.Lead, article.Text,
                    item.Words, origin);
                fullText.Add(page.Id, title, article.Text);
                articles++;
                if (article.IsDisambiguation) disambiguations++;
                for (var i = 0; i < article.Links.Count; i++)
                    insertLink.Execute(page.Id, i, article.Links[i].Target, article.Links[i].Anchor);
                links += article.Links.Count;
                foreach (var category in article.Categories) insertCategory.Execute(page.Id, category);
                categories += article.Categories.Count;
                if (pages % 1000 == 0) progress?.Report(new StageProgress("wikipedia", pages, null, "pages"));
            }
        }
        // indexes sorted once at the end: maintained row by row during the load they would be random writes into
        // B-trees far larger than the page cache on a full dump. Sorted before the full-text copy, while the side
        // thread still flushes its index.
        progress?.Report(new StageProgress("wikipedia: indexes", 0, null, "steps"));
        connection.ExecuteScript("wikipedia/indexes.sql", transaction);
        progress?.Report(new StageProgress("wikipedia: full-text index", 0, null, "steps"));
        fullText.CopyInto(connection, transaction);
        
        progress?.Report(new StageProgress("wikipedia", pages, pages, "pages"));
        return new WikipediaLoadSummary(pages, articles, disambiguations, redirects, links, categories, other, skipped, bytes, clock.Elapsed);
    }

    private static readonly System.Buffers.SearchValues<char> OtherWhiteSpace = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => char.IsWhiteSpace(c) && c is not (' ' or '\n')).ToArray());

    /// <summary>Whitespace-separated words of <paramref name="text"/>.</summary>
    internal static int CountWords(string text)
    {
        var span = text.AsSpan();
        // normalised text (single spaces and newlines, no blank lines, trimmed): words = separators + 1
        if (span.Length > 0 && span[0] is not (' ' or '\n') && span[^1] is not (' ' or '\n') && !span.ContainsAny(OtherWhiteSpace)
            && !span.Contains("  ", StringComparison.Ordinal) && !span.Contains("\n\n", StringComparison.Ordinal)
            && !span.Contains(" \n", StringComparison.Ordinal) && !span.Contains("\n ", StringComparison.Ordinal))
            return span.Count(' ') + span.Count('\n') + 1;
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord) words++;
            inWord = !space;
        }
        return words;
    }

    /// <summary>
    /// Reads pages on a background thread and converts their wikitext on the thread pool, in batches, a bounded
    /// number of batches ahead of the consumer; pages and errors come out in file order.
    /// </summary>
    private static IEnumerable<Converted> ConvertAhead(IEnumerable<WikiPage> pages, int? threads)
    {
        const int batchSize = 32;
        var degree = Math.Max(1, threads ?? Environment.ProcessorCount);
        var channel = Channel.CreateBounded<Task<Converted[]>>(new BoundedChannelOptions(degree * 2) { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        // a thread of its own, not the thread pool: it blocks whenever it waits for decompressed data, and a pool
        // thread blocked that way (the pool cannot see it) starved the block decoding of a thread at the start of a load
        var producer = new Thread(() =>
        {
            try
            {
                var writer = channel.Writer;
                var batch = new List<WikiPage>(batchSize);
                foreach (var page in pages)
                {
                    batch.Add(page);
                    if (batch.Count < batchSize) continue;
                    Write(writer, ConvertAsync(batch), stop.Token);
                    batch = new List<WikiPage>(batchSize);
                }
                if (batch.Count > 0) Write(writer, ConvertAsync(batch), stop.Token);
                writer.Complete();
            }
            catch (Exception e) { channel.Writer.TryComplete(e); }
        }) { IsBackground = true, Name = "XML reader" };
        producer.Start();
        try
        {
            var reader = channel.Reader;
            while (true)
            {
                bool more;
                try { more = Blocking.Result(reader.WaitToReadAsync()); }
                catch (ChannelClosedException e) when (e.InnerException is not null) { throw Rethrow(e.InnerException); }
                if (!more) break;
                while (reader.TryRead(out var batch))
                    foreach (var item in Blocking.Result(batch)) yield return item;
            }
        }
        finally
        {
            stop.Cancel();
            producer.Join();
        }

        static void Write(ChannelWriter<Task<Converted[]>> writer, Task<Converted[]> batch, CancellationToken token)
        {
            if (!Blocking.Write(writer, batch, token)) throw new ChannelClosedException();
        }

        static Task<Converted[]> ConvertAsync(List<WikiPage> batch) => Task.Run(() => batch.Select(Convert).ToArray());

        static Converted Convert(WikiPage page)
        {
            if (page.Namespace != 0 || page.RedirectTarget is not null) return new Converted(page, null, 0);
            var article = Wikitext.ToPlainText(page.Text, page.Title);
            return new Converted(page, article, CountWords(article.Text));
        }
    }

    private static Exception Rethrow(Exception e)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
        return e;
    }
}
