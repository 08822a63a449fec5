using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.Sources;

namespace Zsl.Cli.Commands;

public sealed class FetchCommand : Command<FetchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[NAME]")]
        [Description("Sources to fetch, by their name in sources.json (see --list).")]
        public string[] Names { get; init; } = [];

        [CommandOption("--all")]
        [Description("Fetch every source of the catalogue.")]
        public bool All { get; init; }

        [CommandOption("--mirror <DIR>")]
        [Description("Copy from this folder (same layout as the cache) instead of downloading, verifying each checksum. Default: $ZSL_MIRROR if set.")]
        public string? Mirror { get; init; }

        [CommandOption("--cache <DIR>")]
        [Description("Cache folder the sources go to. Default: $ZSL_CACHE, else ~/.cache/zsl.")]
        public string? Cache { get; init; }

        [CommandOption("--list")]
        [Description("Print the catalogue (name, version, licence, size, path, whether it is cached) and exit.")]
        public bool List { get; init; }

        public override ValidationResult Validate()
        {
            if (List) return ValidationResult.Success();
            if (All && Names.Length > 0) return ValidationResult.Error("give source names or --all, not both");
            return All || Names.Length > 0 ? ValidationResult.Success() : ValidationResult.Error("name at least one source, or use --all or --list");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var catalog = SourceCatalog.LoadEmbedded();
        var cache = FetchOptions.ResolveCacheDirectory(settings.Cache);
        var mirror = FetchOptions.ResolveMirrorDirectory(settings.Mirror);
        using var fetcher = new Fetcher(new FetchOptions(cache, mirror), catalog: catalog);

        if (settings.List)
        {
            PrintCatalogue(catalog, fetcher);
            return 0;
        }

        // apt packages last: a missing system package should not keep the downloads from happening
        var entries = settings.All
            ? catalog.Sources.OrderBy(s => s.Kind == SourceKind.Apt).ToList()
            : settings.Names.Distinct(StringComparer.Ordinal).Select(catalog.Get).ToList();
        Console.Out.WriteLine($"fetch: {entries.Count} source(s) into {cache}{(mirror is null ? "" : $" from the mirror {mirror}")}");
        var results = ProgressReporter.Run("fetch", async progress =>
        {
            var done = new List<FetchResult>();
            foreach (var entry in entries) done.Add(await fetcher.FetchAsync(entry, progress, cancellationToken));
            return done;
        }).GetAwaiter().GetResult();
        foreach (var r in results)
        {
            var what = r.Outcome switch
            {
                FetchOutcome.AlreadyCached => "[grey]cached[/]  ",
                FetchOutcome.Downloaded => "[green]fetched[/] ",
                FetchOutcome.CopiedFromMirror => "[green]mirrored[/]",
                _ => "[blue]system[/]  ",
            };
            AnsiConsole.MarkupLine($"{what} {Markup.Escape(r.Name)} ({r.Files:N0} file(s), {FormatBytes(r.Bytes)})");
        }
        return 0;
    }

    private static void PrintCatalogue(SourceCatalog catalog, Fetcher fetcher)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("name", "version", "size", "cached", "licence");
        foreach (var s in catalog.Sources)
        {
            var cached = fetcher.IsPresent(s) ? "[green]yes[/]" : "[grey]no[/]";
            var size = s.Size is { } bytes ? FormatBytes(bytes) + (s.Files is { } files ? $" ({files.Count} files)" : "") : "";
            table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Version), size, cached, Markup.Escape(s.Licence));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine();
        foreach (var s in catalog.Sources)
        {
            var origin = s switch
            {
                { Kind: SourceKind.Apt } => $"Debian package {s.Package}, installed by `make setup`",
                { MirrorOnly: { } reason } => $"mirror only: {reason}",
                { DerivedFrom: { } d } => $"made from {d.Source} ({string.Join(" + ", d.JsonArrays)})",
                { Archive: { } a } => $"{s.Url} ({(a.Member.Length == 0 ? "archive" : a.Member)})",
                _ => s.Url,
            };
            Console.Out.WriteLine($"{s.Name} -> {s.Path}");
            Console.Out.WriteLine($"    {origin}");
        }
        AnsiConsole.MarkupLineInterpolated($"cache: {fetcher.Options.CacheDirectory}{(fetcher.Options.MirrorDirectory is { } m ? $", mirror: {m}" : "")}");
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / 1048576.0:F1} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes} B",
    };
}
