using System.Text.Json.Serialization;

namespace Zsl.Sources;

/// <summary>How a source is laid out and obtained.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceKind>))]
public enum SourceKind
{
    /// <summary>One file, verified by its SHA-256.</summary>
    File,
    /// <summary>A folder of files listed one by one; its SHA-256 is taken over the sorted listing (see docs/sources.md).</summary>
    Directory,
    /// <summary>A Debian package installed by <c>make setup</c>; <c>zsl fetch</c> only checks that it is installed.</summary>
    Apt,
}

/// <summary>One entry of <c>sources.json</c>: an external file (or folder) the project reads.</summary>
public sealed record SourceEntry
{
    /// <summary>Unique id used on the command line (<c>zsl fetch NAME</c>).</summary>
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public string? Description { get; init; }
    public string Licence { get; init; } = "";
    public string? Homepage { get; init; }
    public SourceKind Kind { get; init; } = SourceKind.File;

    /// <summary>
    /// Canonical public location: the file itself; for a directory without an archive, the base URL its file
    /// names are appended to; with <see cref="Archive"/>, the archive that holds the file(s).
    /// </summary>
    public string Url { get; init; } = "";

    public ArchiveMember? Archive { get; init; }

    /// <summary>Set when the file is not downloadable as such (e.g. a conversion zsl does not reproduce): why.</summary>
    public string? MirrorOnly { get; init; }

    /// <summary>Set when the file is made from another source of the catalogue (its URL then names where that one comes from).</summary>
    public Derivation? DerivedFrom { get; init; }

    /// <summary>The Debian package (kind apt).</summary>
    public string? Package { get; init; }

    /// <summary>Relative path in a mirror folder and in the cache (absolute install path for kind apt).</summary>
    public string Path { get; init; } = "";

    /// <summary>Bytes of the file, or of all files of a directory.</summary>
    public long? Size { get; init; }

    /// <summary>Lowercase hex SHA-256 of the file, or of a directory's listing.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The files of a directory, each verified on its own.</summary>
    public IReadOnlyList<SourceFile>? Files { get; init; }
}

/// <summary>
/// Where the file(s) sit inside a downloaded archive (only <c>tar.gz</c> for now). For a file, <see cref="Member"/>
/// is the member's path; for a directory, the prefix its file names are appended to (<c>""</c> or ending in <c>/</c>).
/// </summary>
public sealed record ArchiveMember(string Format, string Member, string? Sha256 = null);

/// <summary>
/// A file made from a JSON source of the catalogue: the strings of its top-level arrays <see cref="JsonArrays"/>,
/// in that order, one a line, each line ending in <c>\n</c>.
/// </summary>
public sealed record Derivation(string Source, IReadOnlyList<string> JsonArrays);

/// <summary>One file of a directory source.</summary>
public sealed record SourceFile(string Name, long Size, string Sha256);

/// <summary>The whole manifest.</summary>
public sealed record SourceManifest(int Schema, IReadOnlyList<SourceEntry> Sources);
