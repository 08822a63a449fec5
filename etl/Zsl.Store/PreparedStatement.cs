using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Zsl.Store;

/// <summary>
/// A statement from <c>sql/</c> prepared once and run many times with positional values bound to its
/// <c>@name</c> parameters in order of first appearance: the fast path for bulk loads, where Dapper's
/// per-call parameter reflection would dominate.
/// </summary>
public sealed partial class PreparedStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public PreparedStatement(SqliteConnection connection, string script, SqliteTransaction? transaction = null)
    {
        var sql = SqlScripts.Get(script);
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.Transaction = transaction;
        _parameters = ParameterName().Matches(sql).Select(m => m.Value).Distinct()
            .Select(name => _command.Parameters.Add(new SqliteParameter(name, null))).ToArray();
        _command.Prepare();
    }

    public IReadOnlyList<string> ParameterNames => _parameters.Select(p => p.ParameterName).ToArray();

    public int Execute(params ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
            throw new ArgumentException($"statement takes {_parameters.Length} values ({string.Join(", ", ParameterNames)}), got {values.Length}");
        for (var i = 0; i < values.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    [GeneratedRegex(@"@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();
}
