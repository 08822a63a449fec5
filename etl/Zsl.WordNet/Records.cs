namespace Zsl.WordNet;

/// <summary>One synset line of a WNDB <c>data.*</c> file.</summary>
public sealed record SynsetRecord(
    long Offset,
    int LexFileNumber,
    char SsType,
    IReadOnlyList<WordRecord> Words,
    IReadOnlyList<PointerRecord> Pointers,
    IReadOnlyList<VerbFrameRecord> Frames,
    string Definition,
    IReadOnlyList<string> Examples)
{
    /// <summary>The ImageNet-style id: POS letter and 8-digit offset; adjective satellites use <c>a</c>.</summary>
    public string Wnid => WordNetIds.Wnid(SsType, Offset);
}

/// <summary>A word of a synset as written in the data file: underscores for spaces, case kept, adjective marker split off.</summary>
public sealed record WordRecord(string Word, int LexId, string? Marker)
{
    /// <summary>The word with spaces, as a reader would write it ("Canis familiaris").</summary>
    public string Lemma => Word.Replace('_', ' ');

    /// <summary>The form used by index files and sense keys: lower case with underscores.</summary>
    public string IndexForm => Word.ToLowerInvariant();
}

/// <summary>A pointer; <see cref="SourceWord"/> and <see cref="TargetWord"/> are 0 for a semantic (synset-to-synset) pointer.</summary>
public sealed record PointerRecord(string Symbol, long TargetOffset, char TargetPos, int SourceWord, int TargetWord)
{
    public string TargetWnid => WordNetIds.Wnid(TargetPos, TargetOffset);
}

/// <summary>A verb frame; <see cref="WordNumber"/> 0 means the frame applies to every word of the synset.</summary>
public sealed record VerbFrameRecord(int FrameNumber, int WordNumber);

/// <summary>One line of an <c>index.*</c> file: a lemma and its synsets in sense order.</summary>
public sealed record IndexRecord(string Lemma, char Pos, IReadOnlyList<long> Offsets, int TaggedSenseCount);

/// <summary>One line of <c>cntlist.rev</c>.</summary>
public sealed record SenseCountRecord(string SenseKey, int SenseNumber, int TagCount);

/// <summary>One morphological exception from a <c>*.exc</c> file.</summary>
public sealed record ExceptionRecord(char Pos, string Inflected, string Base);

public static class WordNetIds
{
    public static string Wnid(char pos, long offset) => $"{(pos == 's' ? 'a' : pos)}{offset:D8}";

    /// <summary>Numeric synset type used in sense keys (WordNet senseidx(5WN)).</summary>
    public static int SsTypeNumber(char ssType) => ssType switch
    {
        'n' => 1, 'v' => 2, 'a' => 3, 'r' => 4, 's' => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(ssType), ssType, "expected one of n, v, a, s, r"),
    };
}
