using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CourseHub.Web.Data.Configurations;

public sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> course)
    {
        course.HasIndex(c => c.Slug).IsUnique();
        course.Property(c => c.Slug).HasMaxLength(100);
        course.Property(c => c.Title).HasMaxLength(300);
        course.Property(c => c.Language).HasMaxLength(8);
        course.Property(c => c.Modality).HasConversion<string>().HasMaxLength(16);
        course.Property(c => c.TimeZone).HasMaxLength(64);
        course.Property(c => c.Currency).HasMaxLength(3);
        course.HasMany(c => c.Phases).WithOne().HasForeignKey(p => p.CourseId).OnDelete(DeleteBehavior.Cascade);
        course.HasMany(c => c.Sessions).WithOne(s => s.Course).HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        course.HasMany(c => c.Modules).WithOne(m => m.Course).HasForeignKey(m => m.CourseId).OnDelete(DeleteBehavior.Cascade);
        course.Ignore(c => c.Timeline);
    }
}

public sealed class CoursePhaseConfiguration : IEntityTypeConfiguration<CoursePhase>
{
    public void Configure(EntityTypeBuilder<CoursePhase> phase)
    {
        phase.Property(p => p.Modality).HasConversion<string>().HasMaxLength(16);
        phase.HasIndex(p => new { p.CourseId, p.Position });
    }
}

public sealed class LiveSessionConfiguration : IEntityTypeConfiguration<LiveSession>
{
    public void Configure(EntityTypeBuilder<LiveSession> session)
    {
        session.HasIndex(s => s.Uid).IsUnique();
        session.HasIndex(s => new { s.CourseId, s.StartsUtc });
    }
}

public sealed class ModuleConfiguration : IEntityTypeConfiguration<Module>
{
    public void Configure(EntityTypeBuilder<Module> module)
    {
        module.HasIndex(m => new { m.CourseId, m.Slug }).IsUnique();
        module.Property(m => m.Slug).HasMaxLength(100);
        module.Property(m => m.Title).HasMaxLength(300);
    }
}

public sealed class SessionAttendanceConfiguration : IEntityTypeConfiguration<SessionAttendance>
{
    public void Configure(EntityTypeBuilder<SessionAttendance> attendance)
    {
        attendance.HasKey(a => new { a.SessionId, a.UserId });
        attendance.HasOne(a => a.Session).WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        attendance.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
