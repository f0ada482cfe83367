using Microsoft.Extensions.Options;
using Npgsql;

namespace CourseHub.Web.Data;

/// <summary>
/// Held while a node prepares the database on start (migrations, roles, content import), so that web
/// nodes started together on one PostgreSQL database take turns instead of adding the same rows at the
/// same moment. It is a PostgreSQL advisory lock on a connection of its own; a SQLite file serves one
/// node, so there is nothing to hold.
/// </summary>
public static class StartupLock
{
    // Any number the site uses for nothing else: "CourseHub" start.
    private const long Key = 0x436F_7572_7365_4875;

    public static async Task<IAsyncDisposable> HoldStartupLockAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider != DatabaseProvider.PostgreSql) return Nothing.Instance;
        // Unpooled: the lock belongs to the session, which must end when the lock is let go.
        var builder = new NpgsqlConnectionStringBuilder(app.Configuration.GetConnectionString("CourseHub")) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            // However long the node before this one takes (a long migration, a large import): its lock
            // ends with its session at the latest.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
