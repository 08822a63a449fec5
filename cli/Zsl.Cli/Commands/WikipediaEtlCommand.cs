using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.Store;
using Zsl.Wikipedia;

namespace Zsl.Cli.Commands;

public sealed class WikipediaEtlCommand : AsyncCommand<WikipediaEtlCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("SQLite database to load into (created if missing; the wiki_* tables are replaced in one transaction).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--dump <FILE>")]
        [Description("MediaWiki export XML: pages-articles*.xml.bz2 (single- or multistream) or uncompressed .xml. Repeatable.")]
        public string[] Dumps { get; init; } = [];

        [CommandOption("--skip-invalid-pages")]
        [Description("Skip pages without a title, numeric id, namespace or text, and duplicate pages, instead of stopping (broken XML or bzip2 data still stops the run).")]
        public bool SkipInvalidPages { get; init; }

        [CommandOption("--threads <N>")]
        [Description("bzip2 decompression threads (default: the number of cores).")]
        public int? Threads { get; init; }

        [CommandOption("--parquet <DIR>")]
        [Description("Also export wiki_articles, wiki_redirects, wiki_links and wiki_categories to DIR/TABLE.parquet.")]
        public string? Parquet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var s = ProgressReporter.Run("wikipedia", progress =>
            WikipediaLoader.Load(settings.Db, settings.Dumps, new WikipediaLoadOptions(settings.SkipInvalidPages, settings.Threads), progress));
        foreach (var skipped in s.Skipped.Take(20))
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {skipped.File}:{skipped.Line} {skipped.Page}: {skipped.Reason}");
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] {settings.Db}: {s.Articles:N0} articles ({s.Disambiguations:N0} disambiguation pages), {s.Redirects:N0} redirects, {s.Links:N0} links, {s.Categories:N0} categories from {s.Pages:N0} pages ({s.OtherNamespaces:N0} outside the main namespace, {s.Skipped.Count:N0} skipped) in {s.Elapsed.TotalSeconds:F2} s");
        if (settings.Parquet is { } dir)
        {
            var written = await ParquetExporter.ExportDatabaseAsync(settings.Db, dir, ["wiki_articles", "wiki_redirects", "wiki_links", "wiki_categories"], cancellationToken: cancellationToken);
            foreach (var file in written) AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {file.Path}: {file.Rows:N0} rows");
        }
        return 0;
    }
}
