using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.WordNet;

namespace Zsl.Cli.Commands;

public sealed class WordNetEtlCommand : Command<WordNetEtlCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("SQLite database to create (replaced atomically; built in a temporary file first).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--source <DIR>")]
        [Description("Folder with the WNDB files data.*, index.*, cntlist.rev, *.exc (default /usr/share/wordnet, Debian's wordnet-base).")]
        public string Source { get; init; } = WordNetLoader.DefaultSource;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var summary = ProgressReporter.Run("wordnet", progress => WordNetLoader.Load(settings.Source, settings.Db, progress));
        AnsiConsole.MarkupLineInterpolated(
            $"[green]wrote[/] {settings.Db}: {summary.Synsets:N0} synsets, {summary.Lemmas:N0} lemmas, {summary.Pointers:N0} pointers, {summary.VerbFrames:N0} verb frames, {summary.Exceptions:N0} exceptions in {summary.Elapsed.TotalSeconds:F2} s");
        return 0;
    }
}
