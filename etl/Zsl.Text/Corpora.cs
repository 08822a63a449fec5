using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Text;

/// <summary>A corpus: documents streamed as text. Co-occurrence windows never cross a document boundary.</summary>
public interface ICorpus
{
    string Name { get; }
    IEnumerable<string> Documents();
}

/// <summary>Plain-text files; every non-empty line is one document (one document a line, as in lee_background.cor).</summary>
public sealed record PlainTextCorpus(IReadOnlyList<string> Files) : ICorpus
{
    public string Name => "text";

    public IEnumerable<string> Documents()
    {
        foreach (var file in Files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"corpus file {file} does not exist", file);
            foreach (var line in File.ReadLines(file))
                if (!string.IsNullOrWhiteSpace(line)) yield return line;
        }
    }
}

/// <summary>
/// The Brown corpus as distributed by NLTK/npm (files ca01..cr09 of whitespace-separated word/tag tokens);
/// each file is one document and tags are removed ("The/at jury/nn" gives "The jury").
/// </summary>
public sealed record BrownCorpus(string Directory) : ICorpus
{
    public string Name => "brown";

    public IEnumerable<string> Documents()
    {
        if (!System.IO.Directory.Exists(Directory)) throw new DirectoryNotFoundException($"Brown corpus folder {Directory} does not exist");
        var files = System.IO.Directory.GetFiles(Directory)
            .Where(f => Path.GetFileName(f) is { Length: 4 } n && n[0] == 'c' && char.IsAsciiLetterLower(n[1]) && char.IsAsciiDigit(n[2]) && char.IsAsciiDigit(n[3]))
            .Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new InvalidDataException($"{Directory}: no Brown corpus files (ca01 .. cr09)");
        foreach (var file in files)
        {
            var words = new System.Text.StringBuilder();
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                foreach (var token in line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var slash = token.LastIndexOf('/');
                    if (slash <= 0) throw new DataFormatException(file, lineNumber, $"word/tag tokens (got '{token}')");
                    words.Append(token, 0, slash).Append(' ');
                }
                words.Append('\n');
            }
            yield return words.ToString();
        }
    }
}

/// <summary>The plain text of the articles of <c>wiki_articles</c> (loaded by <c>./zsl etl wikipedia</c>), one document each.</summary>
public sealed record WikipediaCorpus(string DatabasePath) : ICorpus
{
    public string Name => "wikipedia";

    public IEnumerable<string> Documents()
    {
        using var connection = Database.OpenReadOnly(DatabasePath);
        if (!connection.TableExists("wiki_articles"))
            throw new InvalidDataException($"{DatabasePath} has no wiki_articles table (load a dump first: ./zsl etl wikipedia --db {DatabasePath} --dump FILE)");
        foreach (var text in connection.Query<string>(SqlScripts.Get("text/wikipedia-texts.sql"), buffered: false))
            yield return text;
    }
}

public static class Corpora
{
    /// <summary>A corpus by kind: <c>text</c> (files), <c>brown</c> (a folder), <c>wikipedia</c> (a database).</summary>
    public static ICorpus Open(string kind, IReadOnlyList<string> inputs, string dbPath) => kind.ToLowerInvariant() switch
    {
        "text" or "plain" => inputs.Count > 0 ? new PlainTextCorpus(inputs) : throw new ArgumentException("corpus 'text' needs --input FILE"),
        "brown" => inputs.Count == 1 ? new BrownCorpus(inputs[0]) : throw new ArgumentException("corpus 'brown' needs one --input FOLDER"),
        "wikipedia" => new WikipediaCorpus(inputs.Count == 1 ? inputs[0] : dbPath),
        _ => throw new ArgumentException($"unknown corpus kind '{kind}' (expected text, brown or wikipedia)"),
    };
}
