using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace CourseHub.Web.Data;

/// <summary>
/// Durability and waiting, per connection: an acknowledged write survives a crash (synchronous=FULL),
/// and a writer that finds the database busy waits inside SQLite (busy_timeout), which retries within
/// milliseconds of the other writer's commit. Without it Microsoft.Data.Sqlite retries on its own, but
/// sleeps 150 ms between tries, which under concurrent writes costs far more than the writes. The wait
/// is the connection string's "Default Timeout" (30 s unless set).
/// The settings belong to the native connection, which Microsoft.Data.Sqlite keeps in its pool across
/// opens, so they are set once per native connection rather than on every open.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<sqlite3, object> configured = new();

    // "Default Timeout=0" means no limit, as it does for the commands themselves; busy_timeout=0 would mean no wait.
    private static string Pragmas(SqliteConnection connection) =>
        $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={(connection.DefaultTimeout == 0 ? int.MaxValue : connection.DefaultTimeout * 1000L)};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || configured.TryGetValue(handle, out _)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas(sqlite);
        command.ExecuteNonQuery();
        configured.AddOrUpdate(handle, this);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || configured.TryGetValue(handle, out _)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas(sqlite);
        await command.ExecuteNonQueryAsync(cancellationToken);
        configured.AddOrUpdate(handle, this);
    }
}
