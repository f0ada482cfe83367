using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Admin;

public sealed record OutboxRow(
    long Id,
    string Kind,
    string ToAddress,
    string? ToName,
    string Subject,
    string? Language,
    OutboxStatus Status,
    bool Essential,
    int Attempts,
    string? LastError,
    DateTime CreatedUtc,
    DateTime NextAttemptUtc,
    DateTime? SentUtc);

public sealed record OutboxPage(
    IReadOnlyList<OutboxRow> Rows,
    IReadOnlyDictionary<OutboxStatus, int> Counts,
    OutboxStatus? Status,
    int Page,
    int PageCount)
{
    /// <summary>Part of the addresses searched for ("ana.perez", "@gob.cl"); null: every recipient.</summary>
    public string? Recipient { get; init; }

    /// <summary>Messages matching the filter, over all pages.</summary>
    public int Total => Status is { } status ? Counts[status] : Counts.Values.Sum();
}

/// <summary>
/// The outbox as an admin reads it: newest first, filtered by status and by recipient ("did Ana get her offer?"),
/// 50 a page, with the counts of the recipient's messages by status.
/// </summary>
public sealed class OutboxPageQuery(CourseHubDbContext db)
{
    public const int PageSize = 50;

    public async Task<OutboxPage> RunAsync(OutboxStatus? status, int page, CancellationToken cancellationToken, string? recipient = null)
    {
        // Addresses are stored as typed: compared in lower case, whatever the letters of either.
        var term = string.IsNullOrWhiteSpace(recipient) ? null : recipient.Trim().ToLowerInvariant();
        var all = term is null ? db.OutboxMessages : db.OutboxMessages.Where(m => m.ToAddress.ToLower().Contains(term));
        var stored = await all
            .GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var counts = Enum.GetValues<OutboxStatus>().ToDictionary(s => s, s => stored.GetValueOrDefault(s));

        var total = status is { } only ? counts[only] : counts.Values.Sum();
        var pageCount = Pager.PagesFor(total, PageSize);
        page = Math.Clamp(page, 1, pageCount);

        var messages = all.AsNoTracking();
        if (status is { } filter) messages = messages.Where(m => m.Status == filter);
        var rows = await messages
            // Ids grow with creation and are the primary key: newest first without sorting the table.
            .OrderByDescending(m => m.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(m => new OutboxRow(m.Id, m.Kind, m.ToAddress, m.ToName, m.Subject, m.Language, m.Status, m.Essential, m.Attempts,
                m.LastError, m.CreatedUtc, m.NextAttemptUtc, m.SentUtc))
            .ToListAsync(cancellationToken);

        return new OutboxPage(rows, counts, status, page, pageCount) { Recipient = term };
    }
}
