using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Infrastructure;
using Zsl.Store;

namespace Zsl.Cli.Commands;

public sealed class ExportParquetCommand : AsyncCommand<ExportParquetCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("SQLite database to export (opened read-only).")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--out <DIR>")]
        [Description("Folder for the Parquet files, one TABLE.parquet per table.")]
        public string Out { get; init; } = "data/parquet";

        [CommandOption("--table <NAME>")]
        [Description("Export only these tables (repeatable). Default: every table.")]
        public string[] Tables { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var written = await ProgressReporter.Run("parquet", progress =>
            ParquetExporter.ExportDatabaseAsync(settings.Db, settings.Out, settings.Tables, progress, cancellationToken));
        foreach (var file in written)
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {file.Path}: {file.Rows:N0} rows, {file.Columns} columns");
        return 0;
    }
}
