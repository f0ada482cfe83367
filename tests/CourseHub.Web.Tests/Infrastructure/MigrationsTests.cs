using CourseHub.Web.Data;
using CourseHub.Web.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Infrastructure;

/// <summary>A change to the model needs a migration for each database the site runs on.</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new CourseHubDbContext(new DbContextOptionsBuilder<CourseHubDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: dotnet dotnet-ef migrations add <Name> --context CourseHubDbContext --output-dir Data/Migrations");
    }

    [Fact]
    public void PostgreSql_migrations_match_the_model()
    {
        using var db = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: dotnet dotnet-ef migrations add <Name> --context PostgreSqlCourseHubDbContext --output-dir Data/PostgreSql/Migrations");
    }
}
