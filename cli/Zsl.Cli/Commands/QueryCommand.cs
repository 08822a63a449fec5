using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Store;

namespace Zsl.Cli.Commands;

public sealed class QueryCommand : AsyncCommand<QueryCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--db <PATH>")]
        [Description("SQLite database, opened read-only: statements that would write or create files (INSERT, CREATE, ATTACH, VACUUM, load_extension, PRAGMA x = y) are refused before anything runs.")]
        public string Db { get; init; } = "data/zsl.sqlite";

        [CommandOption("--sql <TEXT>")]
        [Description("The SQL to run.")]
        public string? Sql { get; init; }

        [CommandOption("--file <FILE>")]
        [Description("Read the SQL from a file (see sql/examples/).")]
        public string? File { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default on a terminal), csv, json, or parquet (needs --out).")]
        public string? Format { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Write the result to this file instead of standard output (required for parquet).")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if ((Sql is null) == (File is null)) return ValidationResult.Error("give exactly one of --sql TEXT or --file FILE");
            if (Format is not (null or "table" or "csv" or "json" or "parquet")) return ValidationResult.Error($"--format must be table, csv, json or parquet, not '{Format}'");
            if (Format == "parquet" && Out is null) return ValidationResult.Error("--format parquet needs --out FILE");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sql = settings.Sql ?? await System.IO.File.ReadAllTextAsync(settings.File!, cancellationToken);
        var format = settings.Format switch
        {
            null => settings.Out is null && !Console.IsOutputRedirected ? QueryFormat.Table : QueryFormat.Csv,
            var f => Enum.Parse<QueryFormat>(f, ignoreCase: true),
        };
        if (format == QueryFormat.Table && settings.Out is null)
        {
            var result = QueryRunner.Run(settings.Db, sql);
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in result.Columns) table.AddColumn(Markup.Escape(column));
            foreach (var row in result.Rows) table.AddRow(row.Select(v => Markup.Escape(QueryRunner.Format(v))).ToArray());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"[grey]{result.Rows.Count:N0} rows[/]");
            return 0;
        }
        await QueryRunner.WriteAsync(settings.Db, sql, format, settings.Out, Console.Out, cancellationToken);
        return 0;
    }
}
