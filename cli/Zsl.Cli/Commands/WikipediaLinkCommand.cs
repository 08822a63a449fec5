using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.Text;
using Zsl.Wikipedia;

namespace Zsl.Cli.Commands;

public sealed class WikipediaLinkCommand : Command<WikipediaLinkCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet (./zsl etl wordnet) and Wikipedia (./zsl etl wikipedia); synset_articles is replaced.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--classes <FILE>")]
        [Description("wnids (one a line) whose coverage to report, e.g. ImageNet's imagenet21k_wnids.txt.")]
        public string? Classes { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var classes = settings.Classes is null ? null : LemmaCounter.ReadWnids(settings.Classes);
        var s = ProgressReporter.Run("link", progress => SynsetArticleLinker.Link(settings.Db, classes, progress));
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] synset_articles: {s.Linked:N0} of {s.Synsets:N0} noun synsets linked ({string.Join(", ", s.ByMethod.Select(m => $"{m.Key} {m.Value:N0}"))}) in {s.Elapsed.TotalSeconds:F2} s");
        if (s.Classes is not null)
            AnsiConsole.MarkupLineInterpolated($"coverage of {settings.Classes}: {s.ClassesLinked:N0} / {s.Classes:N0} classes ({s.Coverage:P2})");
        return 0;
    }
}
