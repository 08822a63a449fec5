using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Cli.Commands;
using Zsl.Store;

// A console bound to the current standard output (tests redirect it per run).
AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = 4096; // never wrap lines written to files and pipes
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("zsl");
    config.SetApplicationVersion(typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
    config.PropagateExceptions();
    config.ValidateExamples();
    config.ConfigureConsole(AnsiConsole.Console);
    config.SetInterceptor(new Zsl.Cli.Infrastructure.StaleTemporaryCleaner());
    Commands.Register(config);
});

try
{
    return await app.RunAsync(args);
}
catch (Exception error) when (error is DataFormatException or FileNotFoundException or DirectoryNotFoundException
                              or InvalidOperationException or InvalidDataException or IOException or CommandRuntimeException
                              or CommandParseException or Microsoft.Data.Sqlite.SqliteException or ArgumentException
                              or UnauthorizedAccessException or System.Text.Json.JsonException or HttpRequestException
                              or Zsl.Rdf.RdfSyntaxException)
{
    // Expected failures (bad input, missing files, refused SQL) are reported as one clear line, not a stack trace.
    Console.Error.WriteLine($"error: {error.Message}");
    for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        Console.Error.WriteLine($"  caused by: {inner.Message}");
    return error is CommandParseException or CommandRuntimeException ? 2 : 1;
}

public partial class Program;
