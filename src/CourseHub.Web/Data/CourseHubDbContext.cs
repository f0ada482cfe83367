using CourseHub.Web.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Data;

/// <summary>
/// The site's database. This type is the SQLite one, with its migrations in Data/Migrations;
/// <see cref="PostgreSql.PostgreSqlCourseHubDbContext"/> is the same model on PostgreSQL, with its own.
/// </summary>
public class CourseHubDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public CourseHubDbContext(DbContextOptions<CourseHubDbContext> options) : base(options) { }

    protected CourseHubDbContext(DbContextOptions options) : base(options) { }

    /// <summary>The data-protection key ring: shared by every web node, kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<CoursePhase> CoursePhases => Set<CoursePhase>();
    public DbSet<LiveSession> LiveSessions => Set<LiveSession>();
    public DbSet<Module> Modules => Set<Module>();
    public DbSet<CourseInstructor> CourseInstructors => Set<CourseInstructor>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApplicationReview> ApplicationReviews => Set<ApplicationReview>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SessionAttendance> SessionAttendances => Set<SessionAttendance>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<MailSuppression> MailSuppressions => Set<MailSuppression>();
    public DbSet<ModuleCompletion> ModuleCompletions => Set<ModuleCompletion>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<ModuleRevision> ModuleRevisions => Set<ModuleRevision>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<ModuleFile> ModuleFiles => Set<ModuleFile>();
    public DbSet<ModuleFormerAddress> ModuleFormerAddresses => Set<ModuleFormerAddress>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CourseHubDbContext).Assembly);
    }

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
