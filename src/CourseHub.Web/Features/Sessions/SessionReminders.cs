using CourseHub.Core.Enrolments;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Sessions;

/// <summary>
/// A reminder mail 24 hours before each session, to each accepted participant, once for each start time:
/// the outbox's idempotency key (session, person and start) makes a second enqueue — after a restart, or
/// on the next pass — a no-op. Who was sent the invitation or an update once those 24 hours had begun (a
/// session scheduled or moved at short notice, a participant accepted late) is not reminded: that mail,
/// moments old, already gives the time.
/// </summary>
public sealed class SessionReminderPass(CourseHubDbContext db, Outbox outbox, SessionMails mails, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now.AddHours(24);
        var due = await db.LiveSessions.Include(s => s.Course)
            .Where(s => !s.Cancelled && s.StartsUtc > now && s.StartsUtc <= horizon)
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;
        var earliestWindow = due.Min(s => s.StartsUtc).AddHours(-24);
        var recentInvitations = (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.Kind == SessionMails.InviteKind && m.CalendarMethod == SessionInvite.RequestMethod && m.CreatedUtc >= earliestWindow
                    && m.Status != OutboxStatus.Failed)
                .Select(m => new { m.IdempotencyKey, m.CreatedUtc }).ToListAsync(cancellationToken))
            .Select(m => (Invite: SessionInvitations.ReadInviteKey(m.IdempotencyKey), m.CreatedUtc))
            .Where(m => m.Invite is not null)
            .ToList();
        var queued = 0;
        foreach (var session in due)
        {
            var window = session.StartsUtc.AddHours(-24);
            var invitedInWindow = recentInvitations.Where(m => m.Invite!.Value.SessionUid == session.Uid && m.CreatedUtc >= window)
                .Select(m => m.Invite!.Value.UserId).ToHashSet(StringComparer.Ordinal);
            var participants = (await db.Applications
                .Where(a => a.CourseId == session.CourseId && a.State == ApplicationState.Accepted && a.User != null)
                .Select(a => a.User!).ToListAsync(cancellationToken))
                .Where(u => !invitedInWindow.Contains(u.Id)).ToList();
            // Keyed by the start too: a session moved after its reminder went out is reminded of its new time. A key
            // without the start (as reminders were keyed before) stands for this start.
            string Key(ApplicationUser user) => $"{SessionMails.ReminderKind}:{session.Uid}:{user.Id}:{session.StartsUtc.Ticks}";
            string Earlier(ApplicationUser user) => $"{SessionMails.ReminderKind}:{session.Uid}:{user.Id}";
            // Most participants were reminded on an earlier pass: one query finds them all, rather than one each.
            var candidates = participants.SelectMany(u => new[] { Key(u), Earlier(u) }).ToList();
            var sent = (await db.OutboxMessages.Where(m => candidates.Contains(m.IdempotencyKey)).Select(m => m.IdempotencyKey)
                .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var user in participants.Where(u => !sent.Contains(Key(u)) && !sent.Contains(Earlier(u))))
            {
                var facts = SessionInvitations.Facts(session.Course!, session, user.TimeZone);
                if (await outbox.EnqueueAsync(SessionMails.ReminderKind, Key(user),
                        new MailRecipient(user.Email!, user.FullName, user.PreferredLanguage),
                        mails.Reminder(user.PreferredLanguage, Addressee.Of(user), facts, now), cancellationToken: cancellationToken))
                {
                    queued++;
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }
}

/// <summary>Runs the reminder pass every minute.</summary>
public sealed class SessionReminders(IServiceScopeFactory scopes, ILogger<SessionReminders> logger) : Infrastructure.Hosting.EveryMinute(scopes, logger)
{
    protected override string Done => "session reminders queued";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<SessionReminderPass>().RunAsync(cancellationToken);
}
