using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.LinkedData;
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

        [CommandOption("--split <NAME=PATH>")]
        [Description("A further class list for the coverage report, NAME=PATH where PATH is a wnid file or a split folder with test_wnids.txt (repeatable), e.g. goz-v1=../shared/data/imagenet/goz-v1/test_wnids.txt. The standard ILSVRC-2012 / 2-hops / 3-hops / all splits are reported whenever ./zsl etl imagenet loaded them.")]
        public string[] Splits { get; init; } = [];
    }

    private static string Cell(long part, int whole) => $"{part:N0} ({SplitCoverage.Share(part, whole):P1})";

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var extra = settings.Splits.Select(spec =>
        {
            var eq = spec.IndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1) throw new ArgumentException($"--split {spec}: expected NAME=PATH");
            return (spec[..eq], (IReadOnlyCollection<string>)LinkCoverage.ReadWnids(spec[(eq + 1)..]));
        }).ToArray();
        var classes = settings.Classes is null ? null : LemmaCounter.ReadWnids(settings.Classes);
        var s = ProgressReporter.Run("link", progress => SynsetArticleLinker.Link(settings.Db, classes, progress));
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] synset_articles: {s.Linked:N0} of {s.Synsets:N0} noun synsets linked ({string.Join(", ", s.ByMethod.Select(m => $"{m.Key} {m.Value:N0}"))}) in {s.Elapsed.TotalSeconds:F2} s");
        if (s.Classes is not null)
            AnsiConsole.MarkupLineInterpolated($"coverage of {settings.Classes}: {s.ClassesLinked:N0} / {s.Classes:N0} classes ({s.Coverage:P2}) linked to a loaded article");
        if (s.Choice is { } c)
        {
            AnsiConsole.WriteLine($"class_articles: one article for {c.Synsets:N0} synsets; BabelNet and Fernando agree on {c.Agreements:N0}, disagree on {c.Disagreements:N0} " +
                                  "(SELECT * FROM link_disagreements); decided by: " + string.Join(", ", c.ByRule.Select(r => $"{r.Key} {r.Value:N0}")));
            using var connection = Zsl.Store.Database.OpenReadOnly(settings.Db);
            var coverage = LinkCoverage.BySplit(connection, null, extra);
            var table = new Table().AddColumn("classes with a Wikipedia article").AddColumn(new TableColumn("classes").RightAligned())
                .AddColumn(new TableColumn("BabelNet").RightAligned()).AddColumn(new TableColumn("Fernando").RightAligned()).AddColumn(new TableColumn("class_articles").RightAligned());
            foreach (var r in coverage)
                table.AddRow(Markup.Escape(r.Split), r.Classes.ToString("N0"), Cell(r.BabelNet, r.Classes), Cell(r.Fernando, r.Classes), Cell(r.Linked, r.Classes));
            AnsiConsole.Write(table);
        }
        return 0;
    }
}
