using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CourseHub.Core.Content;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Announcements;

public sealed record AnnouncementForm
{
    [Required(ErrorMessage = "Give the announcement a title.")]
    [StringLength(200, ErrorMessage = "The title can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the title on one line.")]
    [Shared.Legible(ErrorMessage = "Give the announcement a title.")]
    public string? Title { get; init; }

    [Required(ErrorMessage = "Write the announcement.")]
    [StringLength(MaxTextLength, ErrorMessage = "The announcement can be at most 20,000 characters.")]
    [Shared.Legible(ErrorMessage = "Write the announcement.")]
    public string? Markdown { get; init; }

    public const int MaxTextLength = 20_000;

    /// <summary>Issued with the empty form and posted back with it: a second post of the same form is recognised.</summary>
    public Guid? SubmissionId { get; init; }
}

/// <summary>How many participants the announcement was mailed to; or that this form had been sent already.</summary>
/// <param name="Recipients">Those the mail goes to.</param>
/// <param name="Unsubscribed">Participants who asked for no announcements: they read it on the course page.</param>
/// <param name="Changed">Already sent, and this post's text differs from what was: the person went back and edited it.</param>
public sealed record SendResult(int Recipients, bool AlreadySent, int Unsubscribed = 0, bool Changed = false);

public sealed record AnnouncementView(string Title, string Html, string AuthorName, DateTime CreatedUtc);

public sealed record AnnouncementsViewModel(string Slug, string CourseTitle, string Language, string TimeZone, int Participants,
    AnnouncementForm Form, string? PreviewHtml, IReadOnlyList<AnnouncementView> Sent);

/// <summary>
/// Staff write to every accepted participant: the announcement is stored, listed on the course page, and mailed
/// through the outbox in the same SaveChanges. It is not essential mail, so an unsubscribe is honoured.
/// </summary>
public sealed class Announcing(CourseHubDbContext db, Outbox outbox, AuditLog audit, MailLayout layout, MailMessageBuilder messages, MarkdownRenderer markdown, TimeProvider clock)
{
    public const string MailKind = "course.announcement";

    /// <summary>An announcement's text sits under its title, a level-3 heading on the course page.</summary>
    private const int TopHeading = 4;

    /// <summary>The text as the course page will show it; one too long to be sent is not rendered (the form says why).</summary>
    public string? Preview(string? text) => text is { Length: > AnnouncementForm.MaxTextLength } ? null : markdown.Render(text ?? "", TopHeading, "announcement-preview-").Html;

    /// <summary>Several announcements share the course page: each one's heading anchors are its own.</summary>
    private static string IdPrefix(Guid submission) => $"announcement-{submission:N}"[..21] + "-";

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

    /// <summary>
    /// Stores the announcement and queues one mail per accepted participant, once per form: a double click or a
    /// resubmitted page finds the first announcement and sends nothing. Null: no such course.
    /// </summary>
    public async Task<SendResult?> SendAsync(string slug, AnnouncementForm form, string authorId, string authorName, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return null;
        // A post without a token (not from our form) still sends, once.
        var submission = form.SubmissionId ?? Guid.NewGuid();
        var title = form.Title!.Trim();
        var text = form.Markdown!;
        var sentBefore = await db.Announcements.Where(a => a.SubmissionId == submission).Select(a => new { a.Title, a.Markdown }).FirstOrDefaultAsync(cancellationToken);
        if (sentBefore is not null) return new SendResult(0, AlreadySent: true, Changed: sentBefore.Title != title || sentBefore.Markdown != text);
        var now = clock.GetUtcNow().UtcDateTime;
        var announcement = new Announcement
        {
            CourseId = course.Id, Title = title, Markdown = text, Html = markdown.Render(text, TopHeading, IdPrefix(submission)).Html, AuthorId = authorId, AuthorName = authorName, CreatedUtc = now,
            SubmissionId = submission,
        };
        db.Announcements.Add(announcement);
        audit.Record(new Actor(authorId, authorName), "course.announced", course.Id, null, null, null, title);
        var recipients = await db.Applications.AsNoTracking()
            .Where(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted && a.User != null)
            .Select(a => new { a.User!.Id, a.User.Email, a.User.FullName, a.User.Gender, a.User.PreferredLanguage }).ToListAsync(cancellationToken);
        foreach (var person in recipients)
        {
            var language = MailLanguage.Normalise(person.PreferredLanguage);
            await outbox.EnqueueAsync(MailKind, string.Create(CultureInfo.InvariantCulture, $"{MailKind}:{course.Id}:{submission:N}:{person.Id}"),
                new MailRecipient(person.Email!, person.FullName, language),
                Mail(language, new Addressee(person.FullName, person.Gender), course, title, text, announcement.Html, authorName, messages.UnsubscribeUrl(person.Email!, language)),
                essential: false, cancellationToken: cancellationToken);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same form raced this one past the check above; the unique index kept the first, with its mails.
            db.ChangeTracker.Clear();
            if (!await db.Announcements.AnyAsync(a => a.SubmissionId == submission, cancellationToken)) throw;
            return new SendResult(0, AlreadySent: true);
        }
        // The outbox holds their copies back (suppressed); the notice counts who will actually get one.
        var addresses = recipients.Select(r => UnsubscribeTokens.Normalise(r.Email!)).ToList();
        var unsubscribed = await db.MailSuppressions.CountAsync(s => addresses.Contains(s.Address), cancellationToken);
        return new SendResult(recipients.Count - unsubscribed, AlreadySent: false, unsubscribed);
    }

    private RenderedMail Mail(string language, Addressee to, Course course, string title, string text, string html, string authorName, string unsubscribeUrl)
    {
        var intro = language switch
        {
            "es" => $"Un anuncio de {authorName} para los participantes de «{course.Title}»:",
            "pt" => $"Um aviso de {authorName} para os participantes de “{course.Title}”:",
            _ => $"An announcement from {authorName} to the participants of “{course.Title}”:",
        };
        var seeCourse = language switch
        {
            "es" => "Ver el curso",
            "pt" => "Ver o curso",
            _ => "See the course",
        };
        // The subject says what the mail is, as a list of mails shows only that: an announcement, its course, its title.
        var subject = language switch
        {
            "es" => $"Anuncio de «{course.Title}»: {title}",
            "pt" => $"Aviso de “{course.Title}”: {title}",
            _ => $"Announcement for “{course.Title}”: {title}",
        };
        return layout.Compose(language, subject, MailLayout.Greeting(language, to), [intro, title],
            (seeCourse, layout.Link($"/courses/{course.Slug}")), content: (text, html), unsubscribeUrl: unsubscribeUrl);
    }
}
