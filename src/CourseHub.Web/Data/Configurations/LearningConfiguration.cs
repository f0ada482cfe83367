using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CourseHub.Web.Data.Configurations;

public sealed class ModuleCompletionConfiguration : IEntityTypeConfiguration<ModuleCompletion>
{
    public void Configure(EntityTypeBuilder<ModuleCompletion> completion)
    {
        completion.HasKey(c => new { c.ModuleId, c.UserId });
        completion.HasIndex(c => c.UserId);
        completion.HasOne(c => c.Module).WithMany().HasForeignKey(c => c.ModuleId).OnDelete(DeleteBehavior.Cascade);
        completion.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> certificate)
    {
        certificate.HasIndex(c => c.Code).IsUnique();
        // One certificate per person and course, however often the button is pressed.
        certificate.HasIndex(c => new { c.CourseId, c.UserId }).IsUnique();
        certificate.Property(c => c.Code).HasMaxLength(32);
        certificate.Property(c => c.ParticipantName).HasMaxLength(300);
        certificate.Property(c => c.CourseTitle).HasMaxLength(300);
        certificate.Property(c => c.Language).HasMaxLength(8);
        certificate.Property(c => c.RevokedReason).HasMaxLength(1000);
        certificate.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Restrict);
        certificate.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class ModuleRevisionConfiguration : IEntityTypeConfiguration<ModuleRevision>
{
    public void Configure(EntityTypeBuilder<ModuleRevision> revision)
    {
        revision.HasIndex(r => new { r.ModuleId, r.SavedUtc });
        revision.Property(r => r.Title).HasMaxLength(300);
        revision.Property(r => r.AuthorName).HasMaxLength(300);
        revision.HasOne(r => r.Module).WithMany().HasForeignKey(r => r.ModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> announcement)
    {
        announcement.HasIndex(a => new { a.CourseId, a.CreatedUtc });
        announcement.HasIndex(a => a.SubmissionId).IsUnique();
        announcement.Property(a => a.Title).HasMaxLength(200);
        announcement.Property(a => a.AuthorName).HasMaxLength(300);
        announcement.HasOne(a => a.Course).WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ModuleFormerAddressConfiguration : IEntityTypeConfiguration<ModuleFormerAddress>
{
    public void Configure(EntityTypeBuilder<ModuleFormerAddress> address)
    {
        address.HasIndex(a => new { a.CourseId, a.Slug }).IsUnique();
        address.Property(a => a.Slug).HasMaxLength(100);
        address.HasOne(a => a.Module).WithMany().HasForeignKey(a => a.ModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ModuleFileConfiguration : IEntityTypeConfiguration<ModuleFile>
{
    public void Configure(EntityTypeBuilder<ModuleFile> file)
    {
        file.HasIndex(f => new { f.ModuleId, f.FileName }).IsUnique();
        file.Property(f => f.FileName).HasMaxLength(120);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.Property(f => f.UploadedBy).HasMaxLength(300);
        file.HasOne(f => f.Module).WithMany().HasForeignKey(f => f.ModuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
