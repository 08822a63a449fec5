using System.Text;
using CsCheck;
using Dapper;
using Microsoft.Data.Sqlite;
using Zsl.Store;
using Zsl.TestKit;

namespace Zsl.Etl.Tests.Store;

public class PreparedStatementTests
{
    private static SqliteConnection NewWikipediaTables()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.ExecuteScript("wikipedia/create-tables.sql");
        return connection;
    }

    // text is encoded to UTF-8 into one reused buffer per statement: two texts of one row must not share it
    private static readonly Gen<string> WellFormedText = Gen.String[Gen.Char, 0, 300]
        .Select(s => s.Replace('\uFFFD', ' '))
        .Where(s => !Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)).Contains('\uFFFD'));

    [Fact]
    public void Texts_of_one_row_round_trip_exactly()
    {
        using var connection = NewWikipediaTables();
        using var insert = new PreparedStatement(connection, "wikipedia/insert-redirect.sql");
        var id = 0L;
        Gen.Select(WellFormedText, WellFormedText).Sample((title, target) =>
        {
            id++;
            title = id + ":" + title;
            insert.Execute(title, id, target);
            var row = connection.QuerySingle<(string Title, string Target)>("SELECT title, target FROM wiki_redirects WHERE page_id = @id", new { id });
            return row.Title == title && row.Target == target;
        }, threads: 1); // one connection and statement: not to be used from several threads at once
    }

    [Fact]
    public void A_long_text_after_short_ones_and_non_bmp_characters_are_stored_as_utf8()
    {
        using var connection = NewWikipediaTables();
        using var insert = new PreparedStatement(connection, "wikipedia/insert-redirect.sql");
        var longText = string.Concat(Enumerable.Repeat("Zoë 🐕 犬 ", 20_000));
        insert.Execute("a", 1L, "b");
        insert.Execute("Hund 🐕", 2L, longText);
        insert.Execute("", 3L, "c");
        Assert.Equal("UTF-8", connection.ExecuteScalar<string>("PRAGMA encoding"));
        Assert.Equal(longText, connection.ExecuteScalar<string>("SELECT target FROM wiki_redirects WHERE page_id = 2"));
        Assert.Equal(Encoding.UTF8.GetByteCount(longText), connection.ExecuteScalar<long>("SELECT length(CAST(target AS BLOB)) FROM wiki_redirects WHERE page_id = 2"));
        Assert.Equal(["", "Hund 🐕", "a"], connection.Query<string>("SELECT title FROM wiki_redirects ORDER BY title"));
    }
}
