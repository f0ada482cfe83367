using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Infrastructure;

public sealed class SqliteSettingsTests
{
    [Fact]
    public async Task Every_connection_is_durable_and_waits_inside_sqlite_for_another_writer()
    {
        using var site = new TestSite(withRepositoryContent: false, settings: TestSite.Sqlite);

        var settings = await site.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            async Task<long> PragmaAsync(string name)
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = $"PRAGMA {name};";
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }
            await using var journal = db.Database.GetDbConnection().CreateCommand();
            journal.CommandText = "PRAGMA journal_mode;";
            return (Journal: (string?)await journal.ExecuteScalarAsync(), Synchronous: await PragmaAsync("synchronous"),
                BusyTimeout: await PragmaAsync("busy_timeout"), ForeignKeys: await PragmaAsync("foreign_keys"));
        });

        Assert.Equal("wal", settings.Journal);
        Assert.Equal(2, settings.Synchronous);          // FULL: an acknowledged write survives a crash
        Assert.Equal(30_000, settings.BusyTimeout);     // the connection's default timeout, 30 s
        Assert.Equal(1, settings.ForeignKeys);
    }

    [Fact]
    public async Task A_connection_taken_again_from_the_pool_keeps_its_settings()
    {
        using var site = new TestSite(withRepositoryContent: false, settings: TestSite.Sqlite);

        for (var open = 1; open <= 3; open++)
        {
            var (synchronous, busyTimeout) = await site.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    await using var command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = "PRAGMA synchronous;";
                    var synchronous = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
                    command.CommandText = "PRAGMA busy_timeout;";
                    return (synchronous, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            });
            Assert.Equal(2, synchronous);
            Assert.Equal(30_000, busyTimeout);
        }
    }
}
