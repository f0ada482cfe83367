using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CourseHub.Web.Data.PostgreSql;

/// <summary>
/// The same model as <see cref="CourseHubDbContext"/>, on PostgreSQL. It is a type of its own only so
/// that its migrations (in Data/PostgreSql/Migrations) are told apart from SQLite's; the site asks for
/// <see cref="CourseHubDbContext"/> either way.
/// </summary>
public sealed class PostgreSqlCourseHubDbContext(DbContextOptions<PostgreSqlCourseHubDbContext> options) : CourseHubDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgreSqlCourseHubDbContext</c>: no server is contacted.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCourseHubDbContext>
{
    public PostgreSqlCourseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlCourseHubDbContext>().UseNpgsql("Host=localhost;Database=coursehub").Options);
}
