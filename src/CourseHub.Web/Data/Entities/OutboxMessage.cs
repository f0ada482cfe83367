namespace CourseHub.Web.Data.Entities;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent at <see cref="OutboxMessage.NextAttemptUtc"/>.</summary>
    Queued,
    /// <summary>Claimed by a dispatcher until <see cref="OutboxMessage.ClaimedUntilUtc"/>.</summary>
    Sending,
    Sent,
    /// <summary>Gave up after the last attempt; an admin can retry.</summary>
    Failed,
    /// <summary>Not sent because the recipient unsubscribed from non-essential mail.</summary>
    Suppressed,
}

/// <summary>
/// A mail waiting to be delivered. Feature code adds one in the same SaveChanges as the change it
/// reports (transactional outbox); the dispatcher delivers it later, with retry.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>What the mail is about, e.g. "account.confirm-email"; one template per kind.</summary>
    public required string Kind { get; set; }
    /// <summary>Unique: enqueueing the same logical mail twice yields one message.</summary>
    public required string IdempotencyKey { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    /// <summary>The language the mail is written in ("es"); null for mails stored before it was kept.</summary>
    public string? Language { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    /// <summary>An iCalendar document sent as a text/calendar part (and as an .ics attachment).</summary>
    public string? CalendarIcs { get; set; }
    /// <summary>The iTIP method of <see cref="CalendarIcs"/>: REQUEST, CANCEL or PUBLISH.</summary>
    public string? CalendarMethod { get; set; }
    /// <summary>Other attachments as JSON: [{ "fileName", "contentType", "base64" }].</summary>
    public string? AttachmentsJson { get; set; }
    /// <summary>Essential mail (account, decisions, invites) ignores unsubscribes; other mail honours them.</summary>
    public bool Essential { get; set; } = true;
    /// <summary>
    /// Erased as soon as it is sent, not after <c>Mail:KeepSent</c>: the last calendar cancellations of an account deleted
    /// meanwhile, which the outbox must still deliver but need not remember.
    /// </summary>
    public bool EraseOnceSent { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public string? ClaimToken { get; set; }
    public DateTime? ClaimedUntilUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? LastError { get; set; }
}

/// <summary>An address that asked not to receive non-essential mail (RFC 8058 one-click unsubscribe).</summary>
public sealed class MailSuppression
{
    public int Id { get; set; }
    /// <summary>Normalised (upper-case) address.</summary>
    public required string Address { get; set; }
    public DateTime CreatedUtc { get; set; }
}
