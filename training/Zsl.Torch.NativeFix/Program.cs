using Zsl.Torch.NativeFix;

// zsl-elf-weaken FILE [VERSION...]: marks each named version need of FILE weak (default GLIBCXX_3.4.32).
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: zsl-elf-weaken FILE.so [VERSION...]   (default VERSION: GLIBCXX_3.4.32)");
    return args.Length == 0 ? 2 : 0;
}
try
{
    var versions = args.Length > 1 ? args[1..] : ["GLIBCXX_3.4.32"];
    foreach (var version in versions)
        Console.WriteLine(ElfVersionNeeds.MarkWeak(args[0], version)
            ? $"zsl-elf-weaken: {args[0]}: {version} marked weak"
            : $"zsl-elf-weaken: {args[0]}: {version} absent or already weak, unchanged");
    return 0;
}
catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"zsl-elf-weaken: {error.Message}");
    return 1;
}
