using System.Text;
using System.Text.Json;
using Zsl.Store;

namespace Zsl.Sources;

/// <summary>Makes derived sources (<see cref="Derivation"/>) from the files they come from.</summary>
public static class SourceDerivation
{
    /// <summary>Writes the strings of the named top-level arrays of a JSON file, in order, one a line (<c>\n</c>).</summary>
    public static async Task WriteJsonArrayLinesAsync(string jsonPath, IReadOnlyList<string> arrays, string outputPath, CancellationToken ct = default)
    {
        JsonDocument document;
        await using (var input = new FileStream(jsonPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            try { document = await JsonDocument.ParseAsync(input, cancellationToken: ct); }
            catch (JsonException e) { throw new DataFormatException(jsonPath, e.LineNumber + 1, $"valid JSON ({e.Message})", e); }
        }
        using (document)
        {
            await using var output = new StreamWriter(outputPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            foreach (var name in arrays)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(name, out var array)
                    || array.ValueKind != JsonValueKind.Array)
                    throw new DataFormatException(jsonPath, null, $"a top-level array '{name}'");
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text || text.Contains('\n'))
                        throw new DataFormatException(jsonPath, null, $"'{name}'[{index}]: a non-empty one-line string");
                    await output.WriteAsync(text);
                    await output.WriteAsync('\n');
                    index++;
                }
            }
        }
    }
}
