using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CourseHub.Core.Content;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Announcements;

public sealed record AnnouncementForm
{
    [Required(ErrorMessage = "Give the announcement a title.")]
    [StringLength(200, ErrorMessage = "The title can be at most 200 characters.")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "Write the announcement.")]
    [StringLength(20_000, ErrorMessage = "The announcement can be at most 20,000 characters.")]
    public string? Markdown { get; init; }
}

public sealed record AnnouncementView(string Title, string Html, string AuthorName, DateTime CreatedUtc);

public sealed record AnnouncementsViewModel(string Slug, string CourseTitle, string Language, string TimeZone, int Participants,
    AnnouncementForm Form, string? PreviewHtml, IReadOnlyList<AnnouncementView> Sent);

/// <summary>
/// Staff write to every accepted participant: the announcement is stored, listed on the course page, and mailed
/// through the outbox in the same SaveChanges. It is not essential mail, so an unsubscribe is honoured.
/// </summary>
public sealed class Announcing(CourseHubDbContext db, Outbox outbox, MailLayout layout, MarkdownRenderer markdown, TimeProvider clock)
{
    public const string MailKind = "course.announcement";

    public string Preview(string? text) => markdown.Render(text ?? "").Html;

    public async Task<AnnouncementsViewModel?> PageAsync(string slug, AnnouncementForm form, string? previewHtml, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Id, c.Title, c.Language, c.TimeZone }).SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;
        var participants = await db.Applications.CountAsync(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted && a.UserId != null, cancellationToken);
        return new AnnouncementsViewModel(slug, course.Title, course.Language, course.TimeZone, participants, form, previewHtml,
            await ListAsync(course.Id, cancellationToken));
    }

    public Task<List<AnnouncementView>> ListAsync(int courseId, CancellationToken cancellationToken) =>
        db.Announcements.AsNoTracking().Where(a => a.CourseId == courseId).OrderByDescending(a => a.CreatedUtc).ThenByDescending(a => a.Id)
            .Select(a => new AnnouncementView(a.Title, a.Html, a.AuthorName, a.CreatedUtc)).ToListAsync(cancellationToken);

    /// <summary>Stores the announcement and queues one mail per accepted participant; returns how many, or null for no such course.</summary>
    public async Task<int?> SendAsync(string slug, AnnouncementForm form, string authorId, string authorName, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var title = form.Title!.Trim();
        var text = form.Markdown!;
        var announcement = new Announcement
        {
            CourseId = course.Id, Title = title, Markdown = text, Html = markdown.Render(text).Html, AuthorId = authorId, AuthorName = authorName, CreatedUtc = now,
        };
        db.Announcements.Add(announcement);
        var recipients = await db.Applications.AsNoTracking()
            .Where(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted && a.User != null)
            .Select(a => new { a.User!.Id, a.User.Email, a.User.FullName, a.User.PreferredLanguage }).ToListAsync(cancellationToken);
        var stamp = Guid.NewGuid().ToString("N");
        foreach (var person in recipients)
        {
            var language = MailLanguage.Normalise(person.PreferredLanguage);
            await outbox.EnqueueAsync(MailKind, string.Create(CultureInfo.InvariantCulture, $"{MailKind}:{course.Id}:{stamp}:{person.Id}"),
                new MailRecipient(person.Email!, person.FullName, language), Mail(language, person.FullName, course, title, text, authorName),
                essential: false, cancellationToken: cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return recipients.Count;
    }

    private RenderedMail Mail(string language, string name, Course course, string title, string text, string authorName)
    {
        var es = language == "es";
        var paragraphs = new List<string> { es ? $"Un anuncio de {authorName} para los participantes de «{course.Title}»:" : $"An announcement from {authorName} to the participants of “{course.Title}”:", title };
        paragraphs.AddRange(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return layout.Compose(language, $"{course.Title}: {title}", es ? $"Estimado/a {name}:" : $"Dear {name},", paragraphs,
            (es ? "Ver el curso" : "See the course", layout.Link($"/courses/{course.Slug}")));
    }
}
