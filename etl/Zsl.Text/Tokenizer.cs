namespace Zsl.Text;

/// <summary>
/// Splits text into lower-case tokens: maximal runs of letters and digits. Everything else (spaces,
/// punctuation, hyphens, apostrophes) is a boundary, so "T-shirt" is [t, shirt] and "dog's" is [dog, s];
/// lemmas are tokenised the same way, so matching lemmas against text works on whole tokens only.
/// </summary>
public static class Tokenizer
{
    public static bool IsTokenChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>Calls <paramref name="onToken"/> with each token (lower-cased into a reused buffer) in order.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, TokenAction onToken)
    {
        Span<char> buffer = stackalloc char[128];
        var i = 0;
        while (i < text.Length)
        {
            if (!IsTokenChar(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && IsTokenChar(text[i])) i++;
            var token = text[start..i];
            if (token.Length <= buffer.Length)
            {
                var lower = buffer[..token.Length];
                token.ToLowerInvariant(lower);
                onToken(lower);
            }
            else onToken(token.ToString().ToLowerInvariant());
        }
    }

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        Tokenize(text, t => tokens.Add(t.ToString()));
        return tokens;
    }

    /// <summary>The canonical key of a lemma or phrase: its tokens joined by single spaces ("Polar_bear" gives "polar bear").</summary>
    public static string Key(string phrase) => string.Join(' ', Tokens(phrase.Replace('_', ' ')));
}

public delegate void TokenAction(ReadOnlySpan<char> token);
