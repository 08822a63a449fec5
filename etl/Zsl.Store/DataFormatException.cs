namespace Zsl.Store;

/// <summary>
/// Input that is not in the expected format. The message names the file, the line (or record) and what
/// was expected, so that a user can find and fix the offending input.
/// </summary>
public sealed class DataFormatException : Exception
{
    public string File { get; }
    public long? Line { get; }

    public DataFormatException(string file, long? line, string expected, Exception? inner = null)
        : base(line is null ? $"{file}: {expected}" : $"{file}:{line}: {expected}", inner)
    {
        File = file;
        Line = line;
    }
}
