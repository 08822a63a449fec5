using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Wikipedia;

public sealed record FetchOptions
{
    /// <summary>Prefix the URL-encoded title is appended to (the REST API's HTML form).</summary>
    public string BaseUrl { get; init; } = "https://en.wikipedia.org/api/rest_v1/page/html/";
    public double RequestsPerSecond { get; init; } = 5;
    public int MaxAttempts { get; init; } = 5;
    /// <summary>Wait before the first retry; doubled after each failed attempt (a Retry-After header takes precedence).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Wikimedia asks API clients to identify themselves.</summary>
    public string UserAgent { get; init; } = "zsl/1.0 (zero-shot learning benchmark builder; https://github.com/)";
}

public sealed record FetchSummary(int Requested, int AlreadyDone, int Fetched, int Missing, int Failed, int Requests, TimeSpan Elapsed);

/// <summary>
/// Fetches articles over HTTP (Parsoid HTML of the REST API) into <c>wiki_articles</c>, <c>wiki_links</c>,
/// <c>wiki_categories</c> (and the FTS index), one transaction per article, so an interrupted run keeps what it
/// fetched and a rerun asks only for what is missing (titles already stored, or answered with 404, are skipped).
/// Requests are spaced to at most <see cref="FetchOptions.RequestsPerSecond"/>; 429, 5xx and network errors are
/// retried with exponential backoff, honouring Retry-After. An HTTP redirect (the REST API redirects redirect
/// pages to their target) is recorded in <c>wiki_redirects</c>.
/// </summary>
public sealed class WikipediaFetcher(FetchOptions options, HttpMessageHandler? handler = null)
{
    private readonly HttpClient _http = CreateClient(options, handler);
    private DateTime _nextRequest = DateTime.MinValue;
    private int _requests;

    private static HttpClient CreateClient(FetchOptions options, HttpMessageHandler? handler)
    {
        var client = handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5, AutomaticDecompression = DecompressionMethods.All })
            : new HttpClient(handler);
        client.Timeout = options.Timeout;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        return client;
    }

    public static IReadOnlyList<string> ReadTitles(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"title list {path} does not exist", path);
        return File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(Wikitext.NormalizeTitle).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
    }

    public async Task<FetchSummary> FetchAsync(string dbPath, IReadOnlyList<string> titles, IProgress<StageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(dbPath))!);
        using var connection = Database.OpenReadWrite(dbPath);
        connection.ExecuteScript("wikipedia/create-tables.sql");
        connection.ExecuteScript("wikipedia/fts-create.sql");
        connection.ExecuteScript("wikipedia/indexes.sql");
        connection.ExecuteScript("wikipedia/fetch-log-create.sql");
        var done = connection.Query<string>(SqlScripts.Get("wikipedia/fetch-done-titles.sql")).ToHashSet(StringComparer.Ordinal);
        var todo = titles.Where(t => !done.Contains(t)).ToArray();
        int fetched = 0, missing = 0, failed = 0;
        for (var i = 0; i < todo.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var title = todo[i];
            var result = await FetchOneAsync(title, cancellationToken);
            using var transaction = connection.BeginTransaction();
            long? pageId = null;
            if (result.Html is not null)
            {
                var article = ArticleHtml.Parse(result.Html, title, $"{result.Url}");
                Store(connection, transaction, article);
                if (article.Title != title)
                    connection.Execute(SqlScripts.Get("wikipedia/upsert-redirect.sql"), new { title, page_id = (long?)null, target = article.Title }, transaction);
                pageId = article.PageId;
                fetched++;
            }
            else if (result.Status == "missing") missing++;
            else failed++;
            connection.Execute(SqlScripts.Get("wikipedia/fetch-log-upsert.sql"),
                new { title, status = result.Status, http_status = result.HttpStatus, attempts = result.Attempts, page_id = pageId, error = result.Error }, transaction);
            transaction.Commit();
            progress?.Report(new StageProgress("fetch", i + 1, todo.Length, "titles"));
        }
        return new FetchSummary(titles.Count, titles.Count - todo.Length, fetched, missing, failed, _requests, clock.Elapsed);
    }

    private sealed record Result(string Status, string? Html, int? HttpStatus, int Attempts, string? Error, Uri? Url);

    private async Task<Result> FetchOneAsync(string title, CancellationToken cancellationToken)
    {
        var url = new Uri(options.BaseUrl + Uri.EscapeDataString(title.Replace(' ', '_')));
        var backoff = options.InitialBackoff;
        int? lastStatus = null;
        string? lastError = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            await WaitForSlotAsync(cancellationToken);
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await _http.GetAsync(url, cancellationToken);
                lastStatus = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                    return new Result("ok", await response.Content.ReadAsStringAsync(cancellationToken), lastStatus, attempt, null, response.RequestMessage?.RequestUri ?? url);
                if (response.StatusCode == HttpStatusCode.NotFound)
                    return new Result("missing", null, lastStatus, attempt, null, url);
                lastError = $"HTTP {lastStatus} {response.ReasonPhrase}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && lastStatus < 500)
                    return new Result("failed", null, lastStatus, attempt, lastError, url); // other 4xx: asking again will not help
                retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            }
            catch (HttpRequestException e) { lastError = e.Message; }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested) { lastError = $"timed out: {e.Message}"; }
            if (attempt == options.MaxAttempts) break;
            var wait = retryAfter is { } r && r > TimeSpan.Zero ? (r < options.MaxBackoff ? r : options.MaxBackoff) : backoff;
            await Task.Delay(wait, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }
        return new Result("failed", null, lastStatus, options.MaxAttempts, lastError, url);
    }

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        if (_nextRequest > now) await Task.Delay(_nextRequest - now, cancellationToken);
        _nextRequest = DateTime.UtcNow + TimeSpan.FromSeconds(1.0 / Math.Max(options.RequestsPerSecond, 0.001));
        _requests++;
    }

    private static void Store(SqliteConnection connection, SqliteTransaction transaction, FetchedArticle fetched)
    {
        var a = fetched.Article;
        var key = new { page_id = fetched.PageId, title = fetched.Title };
        connection.Execute(SqlScripts.Get("wikipedia/fts-delete.sql"), key, transaction);
        connection.Execute(SqlScripts.Get("wikipedia/delete-article-details.sql"), key, transaction);
        connection.Execute(SqlScripts.Get("wikipedia/upsert-article.sql"), new
        {
            page_id = fetched.PageId, title = fetched.Title, revision_id = fetched.RevisionId, is_disambiguation = a.IsDisambiguation ? 1 : 0,
            lead = a.Lead, text = a.Text, words = WikipediaLoader.CountWords(a.Text), origin = "rest",
        }, transaction);
        connection.Execute(SqlScripts.Get("wikipedia/fts-insert.sql"), new { page_id = fetched.PageId, title = fetched.Title, text = a.Text }, transaction);
        using (var insertLink = new PreparedStatement(connection, "wikipedia/insert-link.sql", transaction))
            for (var i = 0; i < a.Links.Count; i++) insertLink.Execute(fetched.PageId, i, a.Links[i].Target, a.Links[i].Anchor);
        using (var insertCategory = new PreparedStatement(connection, "wikipedia/insert-category.sql", transaction))
            foreach (var category in a.Categories) insertCategory.Execute(fetched.PageId, category);
    }
}
