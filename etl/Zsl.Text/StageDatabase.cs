using Microsoft.Data.Sqlite;
using Zsl.Store;

namespace Zsl.Text;

/// <summary>Runs a stage that owns some tables of a database that may not exist yet, all-or-nothing.</summary>
public static class StageDatabase
{
    /// <summary>
    /// Inside one transaction of an existing database (<see cref="Database.UpdateAtomically"/>), or, when
    /// <paramref name="path"/> does not exist, in a new database built in a temporary file and moved into place
    /// on success (<see cref="Database.BuildAtomically"/>). Either way a failure leaves nothing behind.
    /// </summary>
    /// <param name="checkForeignKeys">whether a new database's foreign keys are verified before it is moved into place
    /// (a stage whose rows reference each other by construction can skip the scan).</param>
    public static void Run(string path, Action<SqliteConnection, SqliteTransaction> stage, bool checkForeignKeys = true)
    {
        if (File.Exists(path))
            Database.UpdateAtomically(path, (connection, transaction) => stage((SqliteConnection)connection, (SqliteTransaction)transaction));
        else
            Database.BuildAtomically(path, connection =>
            {
                using var transaction = connection.BeginTransaction();
                stage(connection, transaction);
                transaction.Commit();
            }, checkForeignKeys);
    }
}
