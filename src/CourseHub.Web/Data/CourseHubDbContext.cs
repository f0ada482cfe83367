using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Data;

public sealed class CourseHubDbContext(DbContextOptions<CourseHubDbContext> options) : DbContext(options)
{
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CoursePhase> CoursePhases => Set<CoursePhase>();
    public DbSet<LiveSession> LiveSessions => Set<LiveSession>();
    public DbSet<Module> Modules => Set<Module>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CourseHubDbContext).Assembly);

    // Every DateTime in the model is UTC; SQLite forgets the kind, so give it back on the way out.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
