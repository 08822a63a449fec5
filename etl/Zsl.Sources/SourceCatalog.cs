using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Zsl.Store;

namespace Zsl.Sources;

/// <summary>
/// The validated list of external sources (<c>sources.json</c>, embedded into this assembly). Loading checks
/// every entry and fails with an error naming the file, the entry and the field that is wrong.
/// </summary>
public sealed partial class SourceCatalog
{
    public const int SchemaVersion = 1;
    public const string ResourceName = "sources.json";

    public IReadOnlyList<SourceEntry> Sources { get; }
    private readonly Dictionary<string, SourceEntry> _byName;

    private SourceCatalog(IReadOnlyList<SourceEntry> sources)
    {
        Sources = sources;
        _byName = sources.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>The catalogue shipped with zsl (the repository's <c>sources.json</c>).</summary>
    public static SourceCatalog LoadEmbedded()
    {
        using var stream = typeof(SourceCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from {typeof(SourceCatalog).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), ResourceName);
    }

    public static SourceCatalog LoadFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"source manifest {path} does not exist", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses and validates manifest text; <paramref name="origin"/> names it in error messages.</summary>
    public static SourceCatalog Parse(string json, string origin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(origin, e.LineNumber + 1, $"valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new DataFormatException(origin, null, "a JSON object {\"schema\": 1, \"sources\": [...]} at the top level");
            foreach (var property in root.EnumerateObject())
                if (property.Name is not ("schema" or "sources"))
                    throw new DataFormatException(origin, null, $"only the fields 'schema' and 'sources' at the top level, found '{property.Name}'");
            if (!root.TryGetProperty("schema", out var schema) || !schema.TryGetInt32(out var version) || version != SchemaVersion)
                throw new DataFormatException(origin, null, $"field 'schema' = {SchemaVersion}");
            if (!root.TryGetProperty("sources", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new DataFormatException(origin, null, "field 'sources': an array of entries");

            var sources = new List<SourceEntry>();
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var label = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    ? $"entry #{index} '{n.GetString()}'" : $"entry #{index}";
                SourceEntry? entry;
                try
                {
                    entry = element.Deserialize<SourceEntry>(JsonOptions);
                }
                catch (JsonException e)
                {
                    var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "?";
                    throw new DataFormatException(origin, null, $"{label}, field '{field}': expected {DescribeJsonError(field, e)}", e);
                }
                if (entry is null) throw new DataFormatException(origin, null, $"{label}: expected an object, not null");
                sources.Add(entry);
                index++;
            }
            return Create(sources, origin);
        }
    }

    /// <summary>A catalogue of the given entries, validated as if they came from a file named <paramref name="origin"/>.</summary>
    public static SourceCatalog Create(IReadOnlyList<SourceEntry> sources, string origin = "(in memory)")
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count; i++)
        {
            var entry = sources[i];
            var label = entry.Name is { Length: > 0 } ? $"entry #{i} '{entry.Name}'" : $"entry #{i}";
            Validate(entry, label, origin);
            if (!names.Add(entry.Name))
                throw new DataFormatException(origin, null, $"{label}, field 'name': expected a unique name ('{entry.Name}' appears twice)");
        }
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].DerivedFrom is not { } derivation) continue;
            var from = sources.FirstOrDefault(s => s.Name == derivation.Source);
            if (from is not { Kind: SourceKind.File, DerivedFrom: null })
                throw new DataFormatException(origin, null,
                    $"entry #{i} '{sources[i].Name}', field 'derivedFrom.source': expected the name of a downloadable file entry (got '{derivation.Source}')");
        }
        return new SourceCatalog(sources.ToList());
    }

    public bool TryGet(string name, out SourceEntry entry) => _byName.TryGetValue(name, out entry!);

    public SourceEntry Get(string name) => _byName.TryGetValue(name, out var entry)
        ? entry
        : throw new ArgumentException($"no source named '{name}' in {ResourceName}; known: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}");

    /// <summary>
    /// The SHA-256 of a directory source: over the UTF-8 text of one line "<c>sha256  name\n</c>" per file, in
    /// ordinal order of the names (what <c>sha256sum</c> prints for the sorted files, hashed once more).
    /// </summary>
    public static string DirectoryListingSha256(IEnumerable<SourceFile> files)
    {
        var listing = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
            listing.Append(file.Sha256).Append("  ").Append(file.Name).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }

    private static void Validate(SourceEntry e, string label, string origin)
    {
        void Fail(string field, string expected) => throw new DataFormatException(origin, null, $"{label}, field '{field}': expected {expected}");

        if (!NamePattern().IsMatch(e.Name)) Fail("name", $"lowercase letters, digits, '.', '_' or '-' (got '{e.Name}')");
        if (string.IsNullOrWhiteSpace(e.Version)) Fail("version", "a non-empty version");
        if (string.IsNullOrWhiteSpace(e.Licence)) Fail("licence", "a non-empty licence");
        if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            Fail("url", $"an absolute http(s) URL (got '{e.Url}')");
        if (e.Homepage is not null && !Uri.TryCreate(e.Homepage, UriKind.Absolute, out _)) Fail("homepage", "an absolute URL");

        if (e.Kind == SourceKind.Apt)
        {
            if (string.IsNullOrWhiteSpace(e.Package)) Fail("package", "the Debian package name");
            if (!e.Path.StartsWith('/')) Fail("path", $"the absolute folder the package installs (got '{e.Path}')");
            if (e.Archive is not null || e.Files is not null || e.Sha256 is not null) Fail("kind", "no archive, files or sha256 with kind 'apt'");
            return;
        }

        if (!IsSafeRelativePath(e.Path)) Fail("path", $"a relative path with '/' separators and no '.' or '..' parts (got '{e.Path}')");
        if (e.Sha256 is null || !IsSha256(e.Sha256)) Fail("sha256", e.Sha256 is null ? "64 lowercase hex digits (missing)" : $"64 lowercase hex digits (got '{e.Sha256}')");
        if (e.Size is not >= 0) Fail("size", "the size in bytes (>= 0)");
        if (e.Package is not null) Fail("package", "no package (only for kind 'apt')");
        if (e.MirrorOnly is { Length: 0 }) Fail("mirrorOnly", "the reason the file is not downloadable");

        if (e.Archive is { } archive)
        {
            if (archive.Format != "tar.gz") Fail("archive.format", $"'tar.gz' (got '{archive.Format}')");
            if (archive.Sha256 is not null && !IsSha256(archive.Sha256)) Fail("archive.sha256", "64 lowercase hex digits");
            if (archive.Member is null) Fail("archive.member", "the member path (file) or prefix (directory)");
            if (e.Kind == SourceKind.File && archive.Member!.Length == 0) Fail("archive.member", "the path of the file inside the archive");
            if (e.Kind == SourceKind.Directory && archive.Member!.Length > 0 && !archive.Member.EndsWith('/'))
                Fail("archive.member", "'' or a folder prefix ending in '/'");
        }

        if (e.DerivedFrom is { } derivation)
        {
            if (e.Kind != SourceKind.File || e.Archive is not null) Fail("derivedFrom", "kind 'file' without an archive");
            if (string.IsNullOrWhiteSpace(derivation.Source)) Fail("derivedFrom.source", "the name of the entry it is made from");
            if (derivation.JsonArrays is not { Count: > 0 } arrays || arrays.Any(string.IsNullOrEmpty))
                Fail("derivedFrom.jsonArrays", "the names of the JSON arrays whose strings make the lines");
        }

        if (e.Kind == SourceKind.File)
        {
            if (e.Files is not null) Fail("files", "no files (only for kind 'directory')");
            return;
        }

        if (e.Files is not { Count: > 0 } files) { Fail("files", "a non-empty list of {name, size, sha256}"); return; }
        if (e.Archive is null && !e.Url.EndsWith('/')) Fail("url", "a base URL ending in '/' (file names are appended to it)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var f = files[i];
            if (f is null || string.IsNullOrEmpty(f.Name) || f.Name.Contains('/') || f.Name is "." or "..")
                Fail($"files[{i}].name", "a plain file name");
            if (!seen.Add(f!.Name)) Fail($"files[{i}].name", $"a unique name ('{f.Name}' appears twice)");
            if (f.Sha256 is null || !IsSha256(f.Sha256)) Fail($"files[{i}].sha256", $"64 lowercase hex digits (file '{f.Name}')");
            if (f.Size < 0) Fail($"files[{i}].size", "the size in bytes (>= 0)");
        }
        if (files.Sum(f => f.Size) != e.Size) Fail("size", $"the sum of the file sizes, {files.Sum(f => f.Size)}");
        var listing = DirectoryListingSha256(files);
        if (listing != e.Sha256) Fail("sha256", $"the SHA-256 of the sorted file listing, {listing}");
    }

    internal static bool IsSha256(string value) => value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\') && !path.EndsWith('/')
        && path.Split('/').All(part => part.Length > 0 && part is not ("." or ".."));

    /// <summary>Says what the field should hold, instead of System.Text.Json's type names.</summary>
    private static string DescribeJsonError(string field, JsonException e)
    {
        var entryFields = typeof(SourceEntry).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
            return $"a known field (an entry has: {string.Join(", ", entryFields)}; archive: format, member, sha256; derivedFrom: source, jsonArrays; files[]: name, size, sha256)";
        var leaf = field.Split('.', '[')[0];
        var property = typeof(SourceEntry).GetProperties().FirstOrDefault(p => string.Equals(p.Name, leaf, StringComparison.OrdinalIgnoreCase));
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var expected = type switch
        {
            null => "a value of the right type",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type).Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'"))}",
            _ when type == typeof(long) || type == typeof(int) => "an integer",
            _ when type == typeof(string) => "a string",
            _ when field.Contains('.') || field.Contains('[') => "a value of the right type",
            _ when typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "an object",
        };
        return expected;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
