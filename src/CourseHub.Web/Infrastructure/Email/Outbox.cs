using System.Text.Json;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>
/// How feature code sends mail: it adds a message to the outbox in its own unit of work, and the
/// message is stored by the same SaveChanges as the change it reports. Nothing is sent here.
/// </summary>
public sealed class Outbox(CourseHubDbContext db, TimeProvider clock)
{
    // Keys added in this unit of work (the outbox lives as long as its DbContext); cheaper than
    // scanning the change tracker on every call when a course-wide mail adds hundreds.
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    // Asked for every mail enqueued: compiled once rather than looked up in EF's query cache each time.
    private static readonly CompiledQuery<Func<CourseHubDbContext, string, CancellationToken, Task<bool>>> KeyTaken = new(() =>
        EF.CompileAsyncQuery((CourseHubDbContext db, string key, CancellationToken _) => db.OutboxMessages.Any(m => m.IdempotencyKey == key)));

    /// <summary>
    /// Adds a message unless one with the same idempotency key exists already (stored or pending in
    /// this unit of work). The caller saves.
    /// </summary>
    public async Task<bool> EnqueueAsync(
        string kind,
        string idempotencyKey,
        MailRecipient to,
        RenderedMail mail,
        bool essential = true,
        MailCalendar? calendar = null,
        IReadOnlyList<MailAttachment>? attachments = null,
        CancellationToken cancellationToken = default)
    {
        if (_pending.Contains(idempotencyKey) || await KeyTaken.For(db)(db, idempotencyKey, cancellationToken))
        {
            return false;
        }
        _pending.Add(idempotencyKey);

        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Kind = kind,
            IdempotencyKey = idempotencyKey,
            ToAddress = to.Address,
            ToName = to.Name,
            Subject = mail.Subject,
            Language = MailLanguage.Normalise(to.Language),
            TextBody = mail.Text,
            HtmlBody = mail.Html,
            CalendarIcs = calendar?.Ics,
            CalendarMethod = calendar?.Method,
            AttachmentsJson = attachments is { Count: > 0 }
                ? JsonSerializer.Serialize(attachments.Select(a => new StoredAttachment(a.FileName, a.ContentType, Convert.ToBase64String(a.Content))))
                : null,
            Essential = essential,
            Status = OutboxStatus.Queued,
            CreatedUtc = now,
            NextAttemptUtc = now,
        });
        return true;
    }

    public sealed record StoredAttachment(string FileName, string ContentType, string Base64);
}
