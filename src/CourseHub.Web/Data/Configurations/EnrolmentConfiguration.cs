using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CourseHub.Web.Data.Configurations;

public sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> application)
    {
        // One application per official per course, whatever the timing of the requests.
        application.HasIndex(a => new { a.CourseId, a.UserId }).IsUnique();
        application.HasIndex(a => new { a.CourseId, a.State });
        application.HasOne(a => a.Course).WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Cascade);
        application.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.SetNull);
        application.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        application.Property(a => a.Endorsement).HasConversion<string>().HasMaxLength(16);
        application.Property(a => a.Scholarship).HasConversion<string>().HasMaxLength(16);
        application.Property(a => a.GovernmentLevel).HasConversion<string>().HasMaxLength(16);
        application.Property(a => a.Gender).HasConversion<string>().HasMaxLength(16);
        application.Property(a => a.Country).HasMaxLength(2);
        application.Property(a => a.Institution).HasMaxLength(200);
        application.HasMany(a => a.Reviews).WithOne().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ApplicationReviewConfiguration : IEntityTypeConfiguration<ApplicationReview>
{
    public void Configure(EntityTypeBuilder<ApplicationReview> review)
    {
        review.HasIndex(r => new { r.ApplicationId, r.ReviewerId }).IsUnique();
        review.HasOne(r => r.Reviewer).WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasIndex(e => e.AtUtc);
        entry.HasIndex(e => e.ApplicationId);
        entry.HasIndex(e => e.CourseId);
        entry.Property(e => e.Action).HasMaxLength(64);
    }
}
