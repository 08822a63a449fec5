using System.ComponentModel;
using Spectre.Console.Cli;
using Zsl.Wikipedia;

namespace Zsl.Cli.Commands;

/// <summary>Decompresses a dump to standard output with the parallel bzip2 reader (like bzcat), e.g. to benchmark it.</summary>
public sealed class WikipediaBzcatCommand : Command<WikipediaBzcatCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("bzip2 file (single- or multistream); other files are copied as they are.")]
        public string File { get; init; } = "";

        [CommandOption("--threads <N>")]
        [Description("Decompression threads (default: the number of cores).")]
        public int? Threads { get; init; }

        [CommandOption("--decoder <NAME>")]
        [Description("auto (libbz2 when the system has it, else SharpZipLib), libbz2 or sharpziplib.")]
        public Zsl.Wikipedia.Bzip2.Bzip2Backend Decoder { get; init; } = Zsl.Wikipedia.Bzip2.Bzip2Backend.Auto;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var input = DumpReader.OpenDecompressed(settings.File, settings.Threads, settings.Decoder);
        using var output = Console.OpenStandardOutput();
        input.CopyTo(output, 1 << 20);
        return 0;
    }
}
