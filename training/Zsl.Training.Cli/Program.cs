using Spectre.Console;
using Spectre.Console.Cli;
using Zsl.Training.Cli;

// zsl-train: the TorchSharp side of ./zsl (train, zsl, revnet). Kept apart from the light CLI so that the data
// pipeline never loads libtorch.
Zsl.Torch.TorchRuntime.PreferSleepingThreads();
// A console bound to the current standard output (tests redirect it per run).
AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("zsl");
    config.ConfigureConsole(AnsiConsole.Console);
    config.PropagateExceptions();
    TrainingCommands.Register(config);
});
try
{
    return await app.RunAsync(args);
}
catch (Exception error) when (error is Zsl.Store.DataFormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
                              or ArgumentException or InvalidOperationException or IOException
                              or CommandRuntimeException or CommandParseException)
{
    Console.Error.WriteLine($"error: {error.Message}");
    for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        Console.Error.WriteLine($"  caused by: {inner.Message}");
    return error is CommandParseException or CommandRuntimeException ? 2 : 1;
}
