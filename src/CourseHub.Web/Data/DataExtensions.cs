using CourseHub.Web.Data.Entities;
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
    /// Brings every account's search key up to date: accounts stored before people search was folded, or by a
    /// node running an older version, or before the folding changed. The folding is .NET's, so the keys are
    /// computed here, and only those that differ are written, each on its own without the row's
    /// concurrency stamp, so that a person updating their profile meanwhile neither fails nor is undone.
    /// </summary>
    private static async Task FillSearchKeysAsync(CourseHubDbContext db)
    {
        var after = "";
        while (await db.Users.Where(u => string.Compare(u.Id, after) > 0).OrderBy(u => u.Id).Take(1000)
            .Select(u => new { u.Id, u.FullName, u.Email, u.Institution, u.Country, u.SearchKey }).ToListAsync() is { Count: > 0 } people)
        {
            // One commit per thousand accounts, not per account: the first start after an upgrade rewrites them all.
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                foreach (var person in people)
                {
                    var key = ApplicationUser.SearchKeyOf(person.FullName, person.Email, person.Institution, person.Country);
                    if (key == person.SearchKey) continue;
                    await db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.SearchKey, key));
                }
                await transaction.CommitAsync();
            }
            after = people[^1].Id;
        }
    }
}
