namespace Zsl.Text;

/// <summary>
/// A multi-pattern matcher over token sequences: a trie whose edges are token ids, holding every pattern
/// (unigram or multi-word lemma). One pass over a text's token ids reports every occurrence of every
/// pattern, overlapping ones included ("polar bear" reports both "polar bear" and "bear"), in time
/// proportional to the text length times the depth actually walked (1 for most tokens, which start no pattern).
/// </summary>
public sealed class TokenTrie
{
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<(int Node, int Token), int> _edges = [];
    private readonly List<int> _terminal = [-1]; // node -> pattern id
    private readonly List<string> _patterns = [];
    private readonly List<int> _lengths = [];

    public TokenTrie() => _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();

    public int PatternCount => _patterns.Count;
    public string Pattern(int id) => _patterns[id];
    public int PatternLength(int id) => _lengths[id];
    public int MaxPatternLength { get; private set; }

    /// <summary>Id of a token, adding it to the vocabulary (patterns' tokens and extra words such as context words).</summary>
    public int AddToken(string token)
    {
        if (!_vocabulary.TryGetValue(token, out var id)) _vocabulary[token] = id = _vocabulary.Count;
        return id;
    }

    /// <summary>Id of a lower-case token, or -1 when no pattern or registered word contains it.</summary>
    public int TokenId(ReadOnlySpan<char> token) => _lookup.TryGetValue(token, out var id) ? id : -1;

    /// <summary>Adds a phrase (tokenised with <see cref="Tokenizer"/>); returns its pattern id (the same id for phrases with the same tokens), or -1 when it has no token.</summary>
    public int Add(string phrase)
    {
        var tokens = Tokenizer.Tokens(phrase.Replace('_', ' '));
        if (tokens.Count == 0) return -1;
        var node = 0;
        foreach (var token in tokens)
        {
            var id = AddToken(token);
            if (!_edges.TryGetValue((node, id), out var next))
            {
                next = _terminal.Count;
                _terminal.Add(-1);
                _edges[(node, id)] = next;
            }
            node = next;
        }
        if (_terminal[node] < 0)
        {
            _terminal[node] = _patterns.Count;
            _patterns.Add(string.Join(' ', tokens));
            _lengths.Add(tokens.Count);
            MaxPatternLength = Math.Max(MaxPatternLength, tokens.Count);
        }
        return _terminal[node];
    }

    /// <summary>Reports (pattern id, start, length) for every occurrence in <paramref name="tokenIds"/> (-1 = unknown token).</summary>
    public void Match(ReadOnlySpan<int> tokenIds, MatchAction onMatch)
    {
        for (var start = 0; start < tokenIds.Length; start++)
        {
            var node = 0;
            for (var i = start; i < tokenIds.Length; i++)
            {
                var token = tokenIds[i];
                if (token < 0 || !_edges.TryGetValue((node, token), out node)) break;
                var pattern = _terminal[node];
                if (pattern >= 0) onMatch(pattern, start, i - start + 1);
            }
        }
    }

    /// <summary>The token ids of a text, -1 for tokens outside the vocabulary.</summary>
    public void TokenIds(ReadOnlySpan<char> text, List<int> ids)
    {
        ids.Clear();
        Tokenizer.Tokenize(text, token => ids.Add(TokenId(token)));
    }
}

public delegate void MatchAction(int pattern, int start, int length);
