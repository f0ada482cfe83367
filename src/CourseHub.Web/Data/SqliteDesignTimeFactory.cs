using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CourseHub.Web.Data;

/// <summary>
/// For <c>dotnet ef migrations add … --context CourseHubDbContext</c>: without it the tools would take
/// PostgreSQL's factory, whose context is a <see cref="CourseHubDbContext"/> too, and write PostgreSQL
/// migrations into SQLite's folder. Commands that look at the database (update, remove) use the
/// default one, as the site does.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<CourseHubDbContext>
{
    public CourseHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CourseHubDbContext>().UseSqlite("Data Source=../../data/coursehub.db").Options);
}
