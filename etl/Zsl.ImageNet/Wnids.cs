using System.Text.RegularExpressions;

namespace Zsl.ImageNet;

/// <summary>ImageNet class ids: 'n' and the 8-digit offset of a WordNet 3.0 noun synset.</summary>
public static partial class Wnids
{
    public static bool IsWnid(string text) => Pattern().IsMatch(text);

    [GeneratedRegex("^n[0-9]{8}$")]
    private static partial Regex Pattern();
}
