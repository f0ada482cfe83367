using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Sessions;

/// <summary>
/// A reminder mail 24 hours before each session, to each accepted participant, once: the outbox's
/// idempotency key (session and person) makes a second enqueue — after a restart, or on the next
/// pass — a no-op.
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
        var queued = 0;
        foreach (var session in due)
        {
            var participants = await db.Applications
                .Where(a => a.CourseId == session.CourseId && a.State == ApplicationState.Accepted && a.User != null)
                .Select(a => a.User!).ToListAsync(cancellationToken);
            foreach (var user in participants)
            {
                var facts = SessionInvitations.Facts(session.Course!, session, user.TimeZone);
                if (await outbox.EnqueueAsync(SessionMails.ReminderKind, $"{SessionMails.ReminderKind}:{session.Uid}:{user.Id}",
                        new MailRecipient(user.Email!, user.FullName, user.PreferredLanguage),
                        mails.Reminder(user.PreferredLanguage, user.FullName, facts), cancellationToken: cancellationToken))
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
public sealed class SessionReminders(IServiceScopeFactory scopes, ILogger<SessionReminders> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queued = await scope.ServiceProvider.GetRequiredService<SessionReminderPass>().RunAsync(stoppingToken);
                if (queued > 0) logger.LogInformation("{Count} session reminders queued", queued);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Queuing session reminders failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
