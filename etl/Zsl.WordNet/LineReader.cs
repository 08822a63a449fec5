using System.Text;

namespace Zsl.WordNet;

/// <summary>A line of a text file with its 1-based number and the byte offset at which it starts.</summary>
public readonly record struct NumberedLine(long Number, long ByteOffset, string Text);

/// <summary>
/// Streams the lines of a file with their byte offsets (WNDB synset offsets are byte offsets, so the data
/// reader can check them). Accepts <c>\n</c> and <c>\r\n</c> endings.
/// </summary>
public static class LineReader
{
    public static IEnumerable<NumberedLine> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream();
        long offset = 0, lineStart = 0, number = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                string text;
                if (pending.Length == 0)
                    text = Decode(buffer.AsSpan(start, i - start));
                else
                {
                    pending.Write(buffer, start, i - start);
                    text = Decode(pending.GetBuffer().AsSpan(0, (int)pending.Length));
                    pending.SetLength(0);
                }
                yield return new NumberedLine(++number, lineStart, text);
                lineStart = offset + i + 1;
                start = i + 1;
            }
            pending.Write(buffer, start, read - start);
            offset += read;
        }
        if (pending.Length > 0)
            yield return new NumberedLine(++number, lineStart, Decode(pending.GetBuffer().AsSpan(0, (int)pending.Length)));
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        return Encoding.UTF8.GetString(line);
    }
}
