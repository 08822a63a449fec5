using System.Text.Json.Nodes;
using Zsl.Sources;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Sources;

public sealed class SourceCatalogTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static JsonObject ValidFile(string name = "animals") => new()
    {
        ["name"] = name, ["version"] = "1.0", ["licence"] = "MIT", ["kind"] = "file",
        ["url"] = "https://example.org/animals.nt", ["path"] = "rdf/animals.nt", ["size"] = 12, ["sha256"] = Sha,
    };

    private static JsonObject ValidDirectory()
    {
        var files = new[] { new SourceFile("a.nt", 5, Sha), new SourceFile("b.nt", 7, Sha.Replace('0', 'f')) };
        return new JsonObject
        {
            ["name"] = "suite", ["version"] = "main", ["licence"] = "W3C", ["kind"] = "directory",
            ["url"] = "https://example.org/suite/", ["path"] = "rdf/suite", ["size"] = 12,
            ["sha256"] = SourceCatalog.DirectoryListingSha256(files),
            ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["size"] = f.Size, ["sha256"] = f.Sha256 }).ToArray()),
        };
    }

    private static string Manifest(params JsonObject[] entries) =>
        new JsonObject { ["schema"] = 1, ["sources"] = new JsonArray(entries.Select(e => (JsonNode)e).ToArray()) }.ToJsonString();

    [Fact]
    public void The_shipped_catalogue_loads_and_matches_the_repository_file()
    {
        var embedded = SourceCatalog.LoadEmbedded();
        var file = SourceCatalog.LoadFile(Path.Combine(TestPaths.RepoRoot, "sources.json"));
        Assert.Equal(file.Sources.Select(s => s.Name), embedded.Sources.Select(s => s.Name));
        Assert.Contains(embedded.Sources, s => s is { Name: "wordnet", Kind: SourceKind.Apt, Package: "wordnet-base" });
        Assert.All(embedded.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Licence)));
        Assert.Equal(SourceKind.Directory, embedded.Get("brown-corpus").Kind);
        Assert.Equal(503, embedded.Get("brown-corpus").Files!.Count);
    }

    [Fact]
    public void Valid_entries_parse()
    {
        var catalog = SourceCatalog.Parse(Manifest(ValidFile(), ValidDirectory()), "test.json");
        Assert.Equal(["animals", "suite"], catalog.Sources.Select(s => s.Name));
        Assert.Equal(2, catalog.Get("suite").Files!.Count);
    }

    public static TheoryData<string, string> BrokenEntries => new()
    {
        { "missing-sha256", "entry #0 'animals', field 'sha256'" },
        { "uppercase-sha256", "entry #0 'animals', field 'sha256'" },
        { "relative-url", "entry #0 'animals', field 'url'" },
        { "path-escapes", "entry #0 'animals', field 'path'" },
        { "unknown-field", "entry #0 'animals', field 'sha265'" },
        { "unknown-kind", "entry #0 'animals', field 'kind'" },
        { "size-as-text", "entry #0 'animals', field 'size'" },
        { "no-licence", "entry #0 'animals', field 'licence'" },
        { "duplicate-name", "entry #1 'animals', field 'name'" },
        { "listing-hash", "entry #1 'suite', field 'sha256'" },
        { "file-hash", "entry #1 'suite', field 'files[1].sha256'" },
        { "sizes-disagree", "entry #1 'suite', field 'size'" },
        { "archive-format", "entry #0 'animals', field 'archive.format'" },
        { "derived-from-nothing", "entry #0 'animals', field 'derivedFrom.source'" },
        { "derived-without-arrays", "entry #0 'animals', field 'derivedFrom.jsonArrays'" },
    };

    [Theory]
    [MemberData(nameof(BrokenEntries))]
    public void A_broken_entry_is_named_with_its_field(string breakage, string expected)
    {
        var file = ValidFile();
        var directory = ValidDirectory();
        JsonObject[] entries = [file, directory];
        switch (breakage)
        {
            case "missing-sha256": file.Remove("sha256"); break;
            case "uppercase-sha256": file["sha256"] = Sha.ToUpperInvariant(); break;
            case "relative-url": file["url"] = "animals.nt"; break;
            case "path-escapes": file["path"] = "../outside/animals.nt"; break;
            case "unknown-field": file["sha265"] = Sha; break;
            case "unknown-kind": file["kind"] = "zip"; break;
            case "size-as-text": file["size"] = "12"; break;
            case "no-licence": file["licence"] = " "; break;
            case "duplicate-name": entries = [file, ValidFile()]; break;
            case "listing-hash": directory["sha256"] = Sha; break;
            case "file-hash": directory["files"]![1]!["sha256"] = "xyz"; break;
            case "sizes-disagree": directory["size"] = 13; break;
            case "derived-from-nothing": file["derivedFrom"] = new JsonObject { ["source"] = "nowhere", ["jsonArrays"] = new JsonArray("train") }; break;
            case "derived-without-arrays": file["derivedFrom"] = new JsonObject { ["source"] = "suite", ["jsonArrays"] = new JsonArray() }; break;
            case "archive-format": file["archive"] = new JsonObject { ["format"] = "zip", ["member"] = "a.nt" }; break;
        }
        var error = Assert.Throws<DataFormatException>(() => SourceCatalog.Parse(Manifest(entries), "broken.json"));
        Assert.StartsWith("broken.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var text = "{\n  \"schema\": 1,\n  \"sources\": [\n    { \"name\": \"a\", }\n  ]\n}\n";
        var error = Assert.Throws<DataFormatException>(() => SourceCatalog.Parse(text, "sources.json"));
        Assert.Equal(4, error.Line);
        Assert.Contains("valid JSON", error.Message);
    }

    [Fact]
    public void A_wrong_schema_or_a_missing_list_is_rejected()
    {
        Assert.Contains("'schema'", Assert.Throws<DataFormatException>(() => SourceCatalog.Parse("{\"schema\": 2, \"sources\": []}", "s.json")).Message);
        Assert.Contains("'sources'", Assert.Throws<DataFormatException>(() => SourceCatalog.Parse("{\"schema\": 1}", "s.json")).Message);
        Assert.Contains("top level", Assert.Throws<DataFormatException>(() => SourceCatalog.Parse("[]", "s.json")).Message);
    }

    [Fact]
    public void Unknown_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => SourceCatalog.LoadEmbedded().Get("no-such-source"));
        Assert.Contains("wn18rr", error.Message);
    }
}
