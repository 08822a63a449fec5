using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.Wikipedia;

namespace Zsl.Cli.Commands;

public sealed class WikipediaFetchCommand : AsyncCommand<WikipediaFetchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database to add the articles to (wiki_articles, wiki_links, wiki_categories, wiki_redirects, wiki_fetch_log); created if missing.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--titles <FILE>")]
        [Description("Article titles, one a line. Titles already stored (or answered 404 before) are skipped, so an interrupted run resumes.")]
        public string Titles { get; init; } = "";

        [CommandOption("--base-url <URL>")]
        [Description("URL prefix the title is appended to (the REST API's HTML form).")]
        public string BaseUrl { get; init; } = new FetchOptions().BaseUrl;

        [CommandOption("--rate <PER_SECOND>")]
        [Description("At most this many requests a second.")]
        public double Rate { get; init; } = 5;

        [CommandOption("--attempts <N>")]
        [Description("Tries per title on 429, 5xx and network errors (exponential backoff, Retry-After honoured).")]
        public int Attempts { get; init; } = 5;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Titles.Length == 0) throw new ArgumentException("give the titles to fetch: --titles FILE");
        var titles = WikipediaFetcher.ReadTitles(settings.Titles);
        var fetcher = new WikipediaFetcher(new FetchOptions { BaseUrl = settings.BaseUrl, RequestsPerSecond = settings.Rate, MaxAttempts = settings.Attempts });
        var s = await ProgressReporter.Run("fetch", progress => fetcher.FetchAsync(settings.Db, titles, progress, cancellationToken));
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] {settings.Db}: {s.Fetched:N0} articles fetched, {s.Missing:N0} missing (404), {s.Failed:N0} failed, {s.AlreadyDone:N0} of {s.Requested:N0} titles already there; {s.Requests:N0} requests in {s.Elapsed.TotalSeconds:F1} s");
        return s.Failed > 0 ? 2 : 0;
    }
}
