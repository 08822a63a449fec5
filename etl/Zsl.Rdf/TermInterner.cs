using System.Text;

namespace Zsl.Rdf;

/// <summary>
/// Turns UTF-8 term bytes into strings, returning the same string instance for repeated values (IRIs,
/// datatypes, language tags repeat on almost every line of a dump) without allocating for a hit. Bounded:
/// when full it starts over, so memory stays flat on any input.
/// </summary>
public sealed class TermInterner(int capacity = 1 << 18, int maxLength = 256)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > maxLength) return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[utf8.Length];
        var n = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..n], out var known)) return known;
        if (_strings.Count >= capacity) _strings.Clear();
        var text = new string(chars[..n]);
        _strings[text] = text;
        return text;
    }
}
