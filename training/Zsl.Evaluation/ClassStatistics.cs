using System.Globalization;
using Parquet;
using Parquet.Schema;
using Zsl.Models.Graph;
using Zsl.Store;

namespace Zsl.Evaluation;

/// <summary>Numeric statistics per class (wnid -> value), one table per statistic name.</summary>
public sealed class ClassStatistics
{
    public Dictionary<string, Dictionary<string, double>> ByName { get; } = new(StringComparer.Ordinal);

    public void Set(string name, string wnid, double value)
    {
        if (!ByName.TryGetValue(name, out var table)) ByName[name] = table = new Dictionary<string, double>();
        table[wnid] = value;
    }

    /// <summary>
    /// Reads a CSV (header row, comma-separated) or Parquet file with a <c>wnid</c> column and any numeric columns
    /// (e.g. population, word frequency, primary meaning as 0/1): every numeric column becomes a statistic.
    /// Empty cells are missing values; non-numeric columns are ignored.
    /// </summary>
    public static async Task<ClassStatistics> LoadAsync(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"class statistics file {path} does not exist", path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? await LoadParquetAsync(path) : LoadCsv(path);
    }

    private static ClassStatistics LoadCsv(string path)
    {
        var stats = new ClassStatistics();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(h => h.Trim().Trim('"')).ToArray()
            ?? throw new DataFormatException(path, 1, "a header row with a 'wnid' column");
        var wnidColumn = Array.IndexOf(header, "wnid");
        if (wnidColumn < 0) throw new DataFormatException(path, 1, $"a 'wnid' column in the header, found {string.Join(", ", header)}");
        var rows = new List<string[]>();
        long lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length != header.Length) throw new DataFormatException(path, lineNumber, $"{header.Length} comma-separated cells, found {cells.Length}");
            rows.Add(cells);
        }
        for (var column = 0; column < header.Length; column++)
        {
            if (column == wnidColumn) continue;
            var numeric = rows.All(r => r[column].Length == 0 || double.TryParse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (!numeric) continue;
            foreach (var r in rows)
                if (r[column].Length > 0) stats.Set(header[column], r[wnidColumn], double.Parse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return stats;
    }

    private static async Task<ClassStatistics> LoadParquetAsync(string path)
    {
        var stats = new ClassStatistics();
        await using var reader = await ParquetReader.CreateAsync(path, new ParquetOptions { TreatByteArrayAsString = true });
        var fields = reader.Schema.GetDataFields();
        var wnid = fields.FirstOrDefault(f => f.Name == "wnid" && (f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)))
            ?? throw new DataFormatException(path, null, "a string 'wnid' column");
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = checked((int)group.RowCount);
            var wnids = new string[n];
            await group.ReadAsync(wnid, wnids.AsMemory(), null);
            foreach (var field in fields.Where(f => f != wnid))
            {
                var values = await ReadNumeric(group, field, n);
                if (values is null) continue;
                for (var i = 0; i < n; i++) if (values[i] is { } v) stats.Set(field.Name, wnids[i], v);
            }
        }
        return stats;
    }

    private static async Task<double?[]?> ReadNumeric(ParquetRowGroupReader group, DataField field, int n)
    {
        async Task<double?[]> Read<T>(Func<T, double> convert) where T : struct
        {
            if (field.IsNullable)
            {
                var values = new T?[n];
                await group.ReadAsync(field, values.AsMemory(), null);
                return values.Select(v => v is { } x ? convert(x) : (double?)null).ToArray();
            }
            var plain = new T[n];
            await group.ReadAsync(field, plain.AsMemory(), null);
            return plain.Select(v => (double?)convert(v)).ToArray();
        }
        return field.ClrType switch
        {
            var t when t == typeof(double) => await Read<double>(v => v),
            var t when t == typeof(float) => await Read<float>(v => v),
            var t when t == typeof(int) => await Read<int>(v => v),
            var t when t == typeof(long) => await Read<long>(v => v),
            var t when t == typeof(bool) => await Read<bool>(v => v ? 1 : 0),
            _ => null,
        };
    }

    /// <summary>
    /// The structural statistics of section 2.5.3 for every test class, from WordNet shortest-path distances:
    /// <c>train_distance</c> = min over training classes of d(c, c'), <c>test_distance</c> = min over the other test
    /// classes, and <c>structural_ratio</c> r(c) = their ratio.
    /// </summary>
    public static ClassStatistics Structural(WordNetHierarchy hierarchy, IReadOnlyList<string> train, IReadOnlyList<string> test)
    {
        var stats = new ClassStatistics();
        var trainSet = train.ToHashSet();
        var testSet = test.ToHashSet();
        foreach (var c in test)
        {
            var (toTrain, _) = hierarchy.Nearest(c, trainSet);
            var (toTest, _) = hierarchy.Nearest(c, testSet);
            if (toTrain == int.MaxValue) continue;
            stats.Set("train_distance", c, toTrain);
            if (toTest == int.MaxValue) continue;
            stats.Set("test_distance", c, toTest);
            stats.Set("structural_ratio", c, (double)toTrain / toTest);
        }
        return stats;
    }

    /// <summary>R(C_te): the mean over <paramref name="test"/> of r(c), distances to other members of <paramref name="test"/>.</summary>
    public static double StructuralRatio(WordNetHierarchy hierarchy, IReadOnlyList<string> train, IReadOnlyList<string> test)
    {
        var s = Structural(hierarchy, train, test).ByName.GetValueOrDefault("structural_ratio");
        return s is null || s.Count == 0 ? double.NaN : s.Values.Average();
    }
}
