using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Applications;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Endorsements;

/// <summary>
/// A supervisor who has not answered a week after the request is reminded, once per request, with a link
/// to the same request: while the course still asks for endorsements, the application is still being
/// considered and the course has not started (after that the endorsement no longer helps anyone decide),
/// and not for a request weeks old, which a reminder would only revive as noise.
/// </summary>
public sealed class EndorsementReminderPass(
    CourseHubDbContext db, Outbox outbox, ApplicationMails mails, EndorsementLinks links, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan RemindAfter = TimeSpan.FromDays(7);
    public static readonly TimeSpan RemindWithin = TimeSpan.FromDays(30);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (requestedBefore, requestedAfter) = (now - RemindAfter, now - RemindWithin);
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Endorsement == EndorsementState.Pending && a.EndorsementReminded < a.EndorsementRequest
                && a.EndorsementRequestedUtc <= requestedBefore && a.EndorsementRequestedUtc > requestedAfter
                && (a.State == ApplicationState.Submitted || a.State == ApplicationState.Waitlisted)
                && a.Course!.SupervisorEndorsement && a.Course.StartsUtc > now && a.User != null && a.SupervisorEmail != null)
            .Select(a => new
            {
                a.Id, a.CourseId, a.EndorsementRequest, a.SupervisorName, SupervisorEmail = a.SupervisorEmail!, Applicant = a.User!.FullName,
                a.Course!.Title, a.User.PreferredLanguage,
            })
            .ToListAsync(cancellationToken);
        var reminded = 0;
        var places = new Dictionary<int, ApplicationMails.PlaceIn>();
        foreach (var item in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Taken for this request only, and only while it is still unanswered: on several nodes, or when the
            // applicant names someone else at this moment, one reminder at most goes out, for the current request.
            var taken = await db.Applications
                .Where(a => a.Id == item.Id && a.EndorsementRequest == item.EndorsementRequest && a.EndorsementReminded < item.EndorsementRequest
                    && a.Endorsement == EndorsementState.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.EndorsementReminded, item.EndorsementRequest), cancellationToken);
            if (taken == 0) continue;
            var supervisor = item.SupervisorName ?? item.SupervisorEmail;
            if (!places.TryGetValue(item.CourseId, out var place)) places[item.CourseId] = place = await db.PlaceInAsync(item.CourseId, cancellationToken);
            await outbox.EnqueueAsync(ApplicationMails.EndorsementReminderKind, $"{ApplicationMails.EndorsementReminderKind}:{item.Id}:{item.EndorsementRequest}",
                new MailRecipient(item.SupervisorEmail, item.SupervisorName, item.PreferredLanguage),
                mails.EndorsementReminder(item.PreferredLanguage, supervisor, item.Applicant, item.Title, place,
                    links.UrlFor(item.Id, item.EndorsementRequest, item.PreferredLanguage)),
                cancellationToken: cancellationToken);
            audit.Record(Actor.System, "application.endorsement-reminded", item.CourseId, item.Id, null, item.SupervisorEmail);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            reminded++;
        }
        return reminded;
    }
}

/// <summary>Runs the endorsement reminder pass every minute.</summary>
public sealed class EndorsementReminders(IServiceScopeFactory scopes, ILogger<EndorsementReminders> logger) : Infrastructure.Hosting.EveryMinute(scopes, logger)
{
    protected override string Done => "supervisors reminded of an endorsement request";

    protected override Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<EndorsementReminderPass>().RunAsync(cancellationToken);
}
