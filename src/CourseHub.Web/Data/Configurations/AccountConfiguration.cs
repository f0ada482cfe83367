using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CourseHub.Web.Data.Configurations;

public sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> user)
    {
        user.Property(u => u.FullName).HasMaxLength(200);
        user.Property(u => u.Country).HasMaxLength(2);
        user.Property(u => u.Institution).HasMaxLength(200);
        user.Property(u => u.Position).HasMaxLength(200);
        user.Property(u => u.GovernmentLevel).HasConversion<string>().HasMaxLength(16);
        user.Property(u => u.Gender).HasConversion<string>().HasMaxLength(16);
        user.Property(u => u.PreferredLanguage).HasMaxLength(8);
        user.Property(u => u.TimeZone).HasMaxLength(64);
        user.Property(u => u.CalendarFeedToken).HasMaxLength(64);
        user.HasIndex(u => u.CalendarFeedToken).IsUnique();
        user.Property(u => u.SearchKey).HasMaxLength(700).UsePropertyAccessMode(PropertyAccessMode.Property);
    }
}

public sealed class CourseInstructorConfiguration : IEntityTypeConfiguration<CourseInstructor>
{
    public void Configure(EntityTypeBuilder<CourseInstructor> instructor)
    {
        instructor.HasKey(i => new { i.CourseId, i.UserId });
        instructor.HasOne(i => i.Course).WithMany().HasForeignKey(i => i.CourseId).OnDelete(DeleteBehavior.Cascade);
        instructor.HasOne(i => i.User).WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        instructor.HasIndex(i => i.UserId);
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.HasIndex(m => m.IdempotencyKey).IsUnique();
        message.Property(m => m.Id).UseAutoincrement();
        message.HasIndex(m => new { m.Status, m.NextAttemptUtc });
        // The session reminders look, every minute of a day with a session, for the invitations sent lately.
        message.HasIndex(m => new { m.Kind, m.CreatedUtc });
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.Kind).HasMaxLength(100);
        message.Property(m => m.Language).HasMaxLength(8);
        message.Property(m => m.IdempotencyKey).HasMaxLength(300);
        message.Property(m => m.ToAddress).HasMaxLength(320);
        // The bodies (kilobytes each) live in their own table: claiming a message and recording it as
        // sent then rewrite a small row rather than the whole mail, twice per delivery.
        message.SplitToTable("OutboxBodies", body =>
        {
            body.Property(m => m.TextBody);
            body.Property(m => m.HtmlBody);
            body.Property(m => m.CalendarIcs);
            body.Property(m => m.AttachmentsJson);
        });
    }
}

public sealed class MailSuppressionConfiguration : IEntityTypeConfiguration<MailSuppression>
{
    public void Configure(EntityTypeBuilder<MailSuppression> suppression)
    {
        suppression.HasIndex(s => s.Address).IsUnique();
        suppression.Property(s => s.Address).HasMaxLength(320);
    }
}

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.Property(s => s.Id).HasMaxLength(64);
        session.HasIndex(s => s.UserId);
        session.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
