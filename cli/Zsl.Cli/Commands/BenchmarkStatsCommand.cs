using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Benchmark;
using Zsl.Cli.Infrastructure;
using Zsl.Store;

namespace Zsl.Cli.Commands;

public sealed class BenchmarkStatsCommand : Command<BenchmarkStatsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("Database with WordNet and the ImageNet tables; the class_stats table is (re)built in it.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--word-count-source <NAME>")]
        [Description("Take every label count from this one source of table word_counts (e.g. subtlex-us). Default: the label-count rule - a full Wikipedia dump counted by text count, else the Wikipedia lists enwiki-2019-mlang then enwiki-2012-iitis for single-word labels.")]
        public string? WordCountSource { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var summary = ProgressReporter.Run("class stats", progress => ClassStats.Build(settings.Db, settings.WordCountSource, progress));
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] class_stats in {settings.Db}: {summary.Classes:N0} classes, population known for {summary.WithPopulation:N0}, label count known for {summary.WithWordCount:N0}");
        AnsiConsole.WriteLine($"label counts: from {(summary.LabelCountSources.Count == 0 ? "no source (none loaded)" : string.Join(", then ", summary.LabelCountSources))}; unknown for {summary.UnknownMultiWord:N0} multi-word and {summary.UnknownSingleWord:N0} single-word labels");
        if (settings.WordCountSource is null) AnsiConsole.WriteLine($"  rule: {ClassStats.LabelCountRule}");
        foreach (var dump in summary.SmallDumps) AnsiConsole.WriteLine($"  not used: Wikipedia corpus {dump} is a sample, under {ClassStats.FullWikipediaTokens:N0} tokens");
        if (summary.WithPopulation == 0) AnsiConsole.WriteLine("populations: unknown (no population source loaded by etl imagenet)");
        foreach (var table in ClassStats.Chapter2(settings.Db))
        {
            var view = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(table.Title));
            foreach (var column in table.Result.Columns) view.AddColumn(Markup.Escape(column));
            foreach (var row in table.Result.Rows) view.AddRow(row.Select(v => new Spectre.Console.Text(QueryRunner.Format(v))).ToArray());
            AnsiConsole.Write(view);
        }
        return 0;
    }
}
