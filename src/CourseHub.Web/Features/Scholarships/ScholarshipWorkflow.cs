using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Scholarships;

/// <summary>
/// Awarding scholarships within the quota, the recipient's answer, and passing an award on when it is
/// declined, lapses or is forfeited. Every step holds the course's write lock, so the quota holds even
/// when several admins click at once.
/// </summary>
public sealed class ScholarshipWorkflow(
    CourseHubDbContext db,
    Outbox outbox,
    ApplicationMails mails,
    AuditLog audit,
    IStringLocalizer<SharedResource> T,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private const string ReminderAction = "scholarship.reminded";

    public async Task<string?> AwardAsync(int applicationId, Actor actor, CancellationToken cancellationToken)
    {
        var courseId = await db.Applications.Where(a => a.Id == applicationId).Select(a => (int?)a.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return T["There is no such application."];

        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == applicationId, cancellationToken);
        // Nobody could answer the offer, and it would hold a place in the quota until it lapsed.
        if (application.UserId is null) return T["The applicant deleted their account."];
        if (application.UserId == actor.Id) return T["You cannot award a scholarship to yourself."];
        if (!ScholarshipRules.CanAward(application.State, application.Scholarship) && !ScholarshipRules.CanOfferAgain(application.State, application.Scholarship))
        {
            return application.State != ApplicationState.Accepted
                ? T["Only accepted applicants can hold a scholarship."]
                : T["This applicant has not requested a scholarship, or already holds one."];
        }
        var held = await HeldAsync(application.CourseId, cancellationToken);
        if (!ScholarshipRules.HasRoom(held, application.Course!.ScholarshipQuota))
        {
            return application.Course.ScholarshipQuota == 1
                ? T["The course's one scholarship is already awarded."]
                : T["All {0} scholarships are already awarded.", application.Course.ScholarshipQuota];
        }
        await AwardAsync(application, actor, cancellationToken);
        // An award given by hand may be one that waited to pass on: what waits never exceeds the room left.
        application.Course.ScholarshipsToPassOn = ScholarshipRules.StillToPassOn(application.Course.ScholarshipsToPassOn, held + 1, application.Course.ScholarshipQuota);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>The recipient accepts or declines before the deadline; a declined award passes on at once.</summary>
    public async Task<string?> ReplyAsync(int applicationId, ApplicationUser user, bool accept, CancellationToken cancellationToken)
    {
        var courseId = await db.Applications.Where(a => a.Id == applicationId && a.UserId == user.Id).Select(a => (int?)a.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return T["There is no such application."];

        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == applicationId, cancellationToken);
        if (!ScholarshipRules.CanReply(application.Scholarship, application.ScholarshipReplyByUtc ?? DateTime.MinValue, Now))
        {
            return application.Scholarship == ScholarshipState.Awarded
                ? T["The deadline to answer this offer has passed."]
                : T["There is no scholarship offer waiting for your answer."];
        }
        var actor = new Actor(user.Id, user.FullName);
        var course = application.Course!;
        if (accept)
        {
            application.Scholarship = ScholarshipState.Accepted;
            audit.Record(actor, "scholarship.accepted", course.Id, application.Id, nameof(ScholarshipState.Awarded), nameof(ScholarshipState.Accepted));
            // Named by the offer it answers: a scholarship lost (moved to the waitlist) and offered again is confirmed again.
            await outbox.EnqueueAsync(ApplicationMails.ScholarshipAcceptedKind,
                $"{ApplicationMails.ScholarshipAcceptedKind}:{application.Id}:{application.ScholarshipAwardedUtc?.Ticks}",
                Recipient(user), mails.ScholarshipAccepted(user.PreferredLanguage, Addressee.Of(user), course.Title, course.ScholarshipNote), cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await EndAsync(application, ScholarshipState.Declined, actor, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>The recipient hands back a scholarship they accepted; it passes on at once, and they keep their place.</summary>
    public async Task<string?> GiveBackAsync(int applicationId, ApplicationUser user, CancellationToken cancellationToken)
    {
        var courseId = await db.Applications.Where(a => a.Id == applicationId && a.UserId == user.Id).Select(a => (int?)a.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return T["There is no such application."];

        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == applicationId, cancellationToken);
        if (!ScholarshipRules.CanGiveBack(application.Scholarship, application.Course!.EndsUtc, Now))
        {
            return T["You do not hold a scholarship you could give back."];
        }
        await EndAsync(application, ScholarshipState.GivenBack, new Actor(user.Id, user.FullName), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Ends the awards whose reply deadline has passed and passes each on. Returns how many lapsed.</summary>
    public async Task<int> LapseOverdueAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var overdue = await db.Applications
            .Where(a => a.Scholarship == ScholarshipState.Awarded && a.ScholarshipReplyByUtc <= now)
            .Select(a => new { a.Id, a.CourseId })
            .ToListAsync(cancellationToken);
        var lapsed = 0;
        foreach (var item in overdue)
        {
            await using var transaction = await db.BeginCourseWriteAsync(item.CourseId, cancellationToken);
            var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == item.Id, cancellationToken);
            if (ScholarshipRules.HasLapsed(application.Scholarship, application.ScholarshipReplyByUtc, now))
            {
                await EndAsync(application, ScholarshipState.Lapsed, Actor.System, cancellationToken);
                lapsed++;
            }
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return lapsed;
    }

    /// <summary>
    /// Reminds each recipient who has not answered their offer, once, as its deadline nears
    /// (<see cref="ScholarshipRules.ReminderAt"/>). Returns how many were reminded.
    /// </summary>
    public async Task<int> RemindUnansweredAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        // Offers waiting for an answer are few (at most the quotas): the rule is applied here rather than in SQL.
        // Those reminded of already (the audit log says so) are not taken up again every minute until they lapse.
        var waiting = await db.Applications
            .Where(a => a.Scholarship == ScholarshipState.Awarded && a.ScholarshipReplyByUtc > now && a.User != null
                && !db.AuditEntries.Any(e => e.ApplicationId == a.Id && e.Action == ReminderAction && e.AtUtc >= a.ScholarshipAwardedUtc))
            .Select(a => new { a.Id, a.CourseId, a.ScholarshipAwardedUtc, a.ScholarshipReplyByUtc })
            .ToListAsync(cancellationToken);
        var reminded = 0;
        foreach (var offer in waiting.Where(o => ScholarshipRules.ReminderDue(ScholarshipState.Awarded, o.ScholarshipAwardedUtc, o.ScholarshipReplyByUtc, now)))
        {
            // Under the course's lock, so that an answer given meanwhile is seen and not reminded of.
            await using var transaction = await db.BeginCourseWriteAsync(offer.CourseId, cancellationToken);
            var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == offer.Id, cancellationToken);
            if (ScholarshipRules.ReminderDue(application.Scholarship, application.ScholarshipAwardedUtc, application.ScholarshipReplyByUtc, now)
                && application.User is { } user && application.Course is { } course
                && await outbox.EnqueueAsync(ApplicationMails.ScholarshipReminderKind,
                    $"{ApplicationMails.ScholarshipReminderKind}:{application.Id}:{application.ScholarshipAwardedUtc!.Value.Ticks}", Recipient(user),
                    mails.ScholarshipReminder(user.PreferredLanguage, Addressee.Of(user), course.Title, application.ScholarshipReplyByUtc!.Value, ReaderZone(user, course)),
                    cancellationToken: cancellationToken))
            {
                audit.Record(Actor.System, ReminderAction, course.Id, application.Id, null, null);
                await db.SaveChangesAsync(cancellationToken);
                reminded++;
            }
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return reminded;
    }

    /// <summary>
    /// The application no longer holds a seat (withdrawn, waitlisted, rejected): a scholarship it held is
    /// forfeited and passes on. Runs inside the caller's course lock and saves.
    /// </summary>
    /// <param name="tell">Mail the holder that the scholarship ended; false where the mail of the change says so already.</param>
    public async Task ForfeitAsync(Application application, CancellationToken cancellationToken, bool tell = true)
    {
        if (ScholarshipRules.HoldsQuota(application.Scholarship))
        {
            await EndAsync(application, ScholarshipState.Forfeited, Actor.System, cancellationToken, tell);
        }
        else if (application.Scholarship == ScholarshipState.Requested)
        {
            // Off the reserve list: only accepted applicants can be awarded.
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task EndAsync(Application application, ScholarshipState end, Actor actor, CancellationToken cancellationToken, bool tell = true)
    {
        var before = application.Scholarship;
        application.Scholarship = end;
        var course = application.Course!;
        audit.Record(actor, $"scholarship.{end.ToString().ToLowerInvariant()}", course.Id, application.Id, before.ToString(), end.ToString());
        if (tell && application.User is { } user)
        {
            await outbox.EnqueueAsync(ApplicationMails.ScholarshipEndedKind, $"{ApplicationMails.ScholarshipEndedKind}:{application.Id}:{Now.Ticks}",
                Recipient(user), mails.ScholarshipEnded(user.PreferredLanguage, Addressee.Of(user), course.Title, end),
                cancellationToken: cancellationToken);
        }
        // Once the course is over there is no one to pass it to, nor anyone to wait for.
        if (Now < course.EndsUtc) course.ScholarshipsToPassOn++;
        await db.SaveChangesAsync(cancellationToken);
        await PassOnFreedAsync(course, cancellationToken);
    }

    /// <summary>
    /// Freed awards go to the first of the reserve list, one each, as far as the quota has room; those that find
    /// no one wait for the next accepted applicant who asked for a scholarship. Runs inside the caller's course
    /// lock, after any change that may put someone on the reserve list, and saves.
    /// </summary>
    public async Task PassOnFreedAsync(Course course, CancellationToken cancellationToken)
    {
        // A course that is over has no scholarship to offer, as it has no seat: a correction to a past edition awards nothing.
        if (course.ScholarshipsToPassOn == 0 || Now >= course.EndsUtc) return;
        var toPassOn = ScholarshipRules.StillToPassOn(course.ScholarshipsToPassOn, await HeldAsync(course.Id, cancellationToken), course.ScholarshipQuota);
        if (toPassOn > 0)
        {
            var candidates = await Candidates(course.Id).ToListAsync(cancellationToken);
            foreach (var next in ScholarshipRules.ReserveList(candidates).Take(toPassOn))
            {
                var application = await db.Applications.Include(a => a.User).SingleAsync(a => a.Id == next.ApplicationId, cancellationToken);
                application.Course = course;
                await AwardAsync(application, Actor.System, cancellationToken);
                toPassOn--;
            }
        }
        course.ScholarshipsToPassOn = toPassOn;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task AwardAsync(Application application, Actor actor, CancellationToken cancellationToken)
    {
        var course = application.Course!;
        var before = application.Scholarship;
        application.Scholarship = ScholarshipState.Awarded;
        application.ScholarshipAwardedUtc = Now;
        application.ScholarshipReplyByUtc = ScholarshipRules.ReplyBy(Now, course.ScholarshipReplyDays, Core.Sessions.ZonedTime.FindZone(course.TimeZone));
        audit.Record(actor, "scholarship.awarded", course.Id, application.Id, before.ToString(), nameof(ScholarshipState.Awarded),
            actor == Actor.System ? AuditNotes.NextOnReserveList : null);
        if (application.User is { } user)
        {
            // One offer mail per offer: the same application can be offered a scholarship again (accepted anew after
            // its first offer ended), and that offer has its own deadline to tell.
            await outbox.EnqueueAsync(ApplicationMails.ScholarshipAwardedKind,
                $"{ApplicationMails.ScholarshipAwardedKind}:{application.Id}:{application.ScholarshipAwardedUtc.Value.Ticks}",
                Recipient(user), mails.ScholarshipAwarded(user.PreferredLanguage, Addressee.Of(user), course.Title, application.ScholarshipReplyByUtc.Value, ReaderZone(user, course),
                    course.ScholarshipNote),
                cancellationToken: cancellationToken);
        }
    }

    /// <summary>A deadline is written in the zone the person set in their profile, else in the course's.</summary>
    private static string ReaderZone(ApplicationUser user, Course course) =>
        Core.Sessions.ZonedTime.IsKnownZone(user.TimeZone) ? user.TimeZone! : course.TimeZone;

    public Task<int> HeldAsync(int courseId, CancellationToken cancellationToken) =>
        db.Applications.CountAsync(a => a.CourseId == courseId
            && (a.Scholarship == ScholarshipState.Awarded || a.Scholarship == ScholarshipState.Accepted), cancellationToken);

    public IQueryable<ScholarshipCandidate> Candidates(int courseId) =>
        db.Applications.Where(a => a.CourseId == courseId && a.Scholarship != ScholarshipState.None && a.UserId != null)
            .Select(a => new ScholarshipCandidate(a.Id, a.Scholarship, a.State,
                a.Reviews.Any() ? a.Reviews.Average(r => r.Average) : null, a.SubmittedUtc));

    private static MailRecipient Recipient(ApplicationUser user) => new(user.Email!, user.FullName, user.PreferredLanguage);
}

/// <summary>
/// Every minute: reminds recipients of unanswered offers as the deadline nears, and lapses the offers whose
/// deadline has passed.
/// </summary>
public sealed class ScholarshipDeadlines(IServiceScopeFactory scopes, ILogger<ScholarshipDeadlines> logger) : Infrastructure.Hosting.EveryMinute(scopes, logger)
{
    protected override string Done => "scholarship offers lapsed and passed on, or reminded of their deadline";

    protected override async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var workflow = services.GetRequiredService<ScholarshipWorkflow>();
        return await workflow.LapseOverdueAsync(cancellationToken) + await workflow.RemindUnansweredAsync(cancellationToken);
    }
}
