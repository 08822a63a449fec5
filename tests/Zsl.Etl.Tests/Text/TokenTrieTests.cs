using CsCheck;
using Zsl.Text;

namespace Zsl.Etl.Tests.Text;

public class TokenTrieTests
{
    private static List<(string Pattern, int Start)> Matches(TokenTrie trie, string text)
    {
        var ids = new List<int>();
        trie.TokenIds(text, ids);
        var found = new List<(string, int)>();
        trie.Match(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids), (p, start, _) => found.Add((trie.Pattern(p), start)));
        return found;
    }

    [Fact]
    public void Tokens_are_lower_case_letter_and_digit_runs()
        => Assert.Equal(["the", "t", "shirt", "s", "colour", "costs", "12", "dollars", "café"], Tokenizer.Tokens("The T-shirt's colour costs $12 dollars (Café)."));

    [Fact]
    public void Unigrams_and_multiword_lemmas_match_case_insensitively_on_token_boundaries_overlaps_included()
    {
        var trie = new TokenTrie();
        foreach (var lemma in new[] { "polar_bear", "bear", "Polar", "ear", "T-shirt", "new york city", "new york" }) trie.Add(lemma);
        var found = Matches(trie, "A Polar Bear's ear; a bearded man in a t shirt in New York City. Polar-bear!");
        Assert.Equal(
            [("polar", 1), ("polar bear", 1), ("bear", 2), ("ear", 4), ("t shirt", 10), ("new york", 13), ("new york city", 13), ("polar", 16), ("polar bear", 16), ("bear", 17)],
            found);
    }

    [Fact]
    public void The_trie_finds_exactly_what_a_naive_scan_finds()
    {
        var word = Gen.OneOfConst("a", "b", "c", "ab", "ba");
        Gen.Select(word.Array[1, 3].Array[1, 8], word.Array[0, 60]).Sample((patterns, text) =>
        {
            var trie = new TokenTrie();
            foreach (var p in patterns) trie.Add(string.Join(' ', p));
            var found = Matches(trie, string.Join(' ', text)).Order().ToList();
            var keys = patterns.Select(p => string.Join(' ', p)).Distinct().ToList();
            var naive = new List<(string, int)>();
            for (var start = 0; start < text.Length; start++)
                foreach (var key in keys)
                {
                    var tokens = key.Split(' ');
                    if (start + tokens.Length <= text.Length && tokens.SequenceEqual(text.Skip(start).Take(tokens.Length))) naive.Add((key, start));
                }
            return found.SequenceEqual(naive.Order());
        }, iter: 500);
    }
}
