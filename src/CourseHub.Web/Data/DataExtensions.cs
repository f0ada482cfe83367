using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Data;

public static class DataExtensions
{
    public static WebApplicationBuilder AddCourseHubData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        var provider = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        var connectionString = builder.Configuration.GetConnectionString("CourseHub")
            ?? throw new InvalidOperationException("The connection string 'ConnectionStrings:CourseHub' is not set.");

        // Pooled: a request takes a context whose options and services are already built.
        if (provider == DatabaseProvider.PostgreSql)
        {
            RequirePostgreSqlDatabase(connectionString);
            builder.Services.AddDbContextPool<CourseHubDbContext, PostgreSql.PostgreSqlCourseHubDbContext>(options => options.UseNpgsql(connectionString));
            return builder;
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(sqlite.DataSource) && sqlite.DataSource != ":memory:" && sqlite.Mode != SqliteOpenMode.Memory)
        {
            // A relative database path is taken from the content root, like every other path setting.
            sqlite.DataSource = builder.Environment.ResolvePath(sqlite.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
        }
        builder.Services.AddDbContextPool<CourseHubDbContext>(options => options
            .UseSqlite(sqlite.ToString())
            .AddInterceptors(new SqlitePragmas()));
        return builder;
    }

    // The default settings name a SQLite file; switching the provider alone would fail later, and obscurely.
    private static void RequirePostgreSqlDatabase(string connectionString)
    {
        string? database;
        try
        {
            database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
        }
        catch (ArgumentException)
        {
            database = null;
        }
        if (string.IsNullOrEmpty(database))
        {
            throw new InvalidOperationException(
                "Database:Provider is PostgreSql, but ConnectionStrings:CourseHub names no database: give a PostgreSQL connection string such as \"Host=db.internal;Database=coursehub;Username=coursehub;Password=…\".");
        }
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        await db.Database.MigrateAsync();
        // Write-ahead logging lets readers go on while one writer commits; the mode is kept in the file.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await FillSearchKeysAsync(db);
    }

    /// <summary>
    /// Accounts stored before people search was folded have no search key yet; the folding is .NET's, so it
    /// is written from here rather than by the migration that added the column.
    /// </summary>
    private static async Task FillSearchKeysAsync(CourseHubDbContext db)
    {
        while (await db.Users.Where(u => u.SearchKey == "").OrderBy(u => u.Id).Take(500).ToListAsync() is { Count: > 0 } people)
        {
            foreach (var person in people) db.Entry(person).Property(u => u.SearchKey).IsModified = true;
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
}
