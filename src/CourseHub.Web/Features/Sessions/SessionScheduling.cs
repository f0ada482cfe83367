using CourseHub.Core.Content;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.ContentImport;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Sessions;

public enum CancelOutcome { Cancelled, AlreadyCancelled, AlreadyBegun }

/// <summary>What a save of a session's form did: refused with these errors, or saved — changed or not.</summary>
/// <param name="StoredVersion">Refused because someone saved the session meanwhile: the version the form now stands on.</param>
public sealed record SessionUpdate(Dictionary<string, string> Errors, bool Changed, int? StoredVersion = null);

/// <summary>
/// Scheduling, moving and cancelling live sessions. Each change keeps the session's UID, raises its
/// SEQUENCE, and mails every accepted participant the
/// invitation, update or cancellation in the same transaction, with an audit row saying who did it.
/// </summary>
public sealed class SessionScheduling(
    CourseHubDbContext db, SessionInvitations invitations, AuditLog audit, IStringLocalizer<SharedResource> T, TimeProvider clock, IOutputCacheStore outputCache)
{
    public async Task<Dictionary<string, string>> CreateAsync(string slug, SessionForm form, Actor actor, CancellationToken cancellationToken)
    {
        var course = await db.Courses.SingleAsync(c => c.Slug == slug, cancellationToken);
        // Under the course's lock: two sessions scheduled at once under one title cannot both pass the check.
        await using var transaction = await db.BeginCourseWriteAsync(course.Id, cancellationToken);
        // The same form sent twice (a double click, a page sent again) finds its session scheduled: that is success, not "title taken".
        if (await IsScheduledAlreadyAsync(course, form, cancellationToken)) return [];
        var others = await SessionTitlesAsync(course.Id, cancellationToken);
        var errors = Validate(course, form, sessionId: null, others);
        if (errors.Count > 0) return errors;

        // A cancelled session scheduled again under its title is held after all: the same calendar event comes
        // back (its UID, a higher SEQUENCE), as when a course file brings a dropped session back.
        var cancelled = others.Where(o => o.Cancelled && SameTitle(o.Title, form.Title)).OrderByDescending(o => o.Id).FirstOrDefault();
        LiveSession session;
        if (cancelled is null)
        {
            session = new LiveSession { Uid = Guid.NewGuid(), Title = "", Organisation = "", CourseId = course.Id };
            db.LiveSessions.Add(session);
        }
        else
        {
            session = await db.LiveSessions.SingleAsync(s => s.Id == cancelled.Id, cancellationToken);
            session.Cancelled = false;
            session.ChangedForEveryone();
        }
        Apply(course, session, form);
        audit.Record(actor, cancelled is null ? "session.scheduled" : "session.reinstated", course.Id, null, null, AuditTime(session.StartsUtc), session.Title);
        await db.SaveChangesAsync(cancellationToken);
        await invitations.SendToAllAsync(course, session, InviteChange.New, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RefreshPublicPagesAsync(cancellationToken);
        return errors;
    }

    private async Task<bool> IsScheduledAlreadyAsync(Course course, SessionForm form, CancellationToken cancellationToken)
    {
        if (form.StartsLocal is not { } local || form.Minutes is not { } minutes || !ContentParser.IsPlausibleYear(local.Year)) return false;
        var starts = ZonedTime.ToUtc(local, ZonedTime.FindZone(course.TimeZone));
        var title = form.Title.Trim();
        var twins = await db.LiveSessions.AsNoTracking()
            .Where(s => s.CourseId == course.Id && !s.Cancelled && s.StartsUtc == starts && s.Minutes == minutes).ToListAsync(cancellationToken);
        return twins.Any(s => SameTitle(s.Title, title) && s.Organisation == form.Organisation.Trim() && s.Speaker == Blank(form.Speaker)
            && s.JoinUrl == Blank(form.JoinUrl) && s.Room == Blank(form.Room) && s.Description == Blank(form.Description));
    }

    // The course page and its calendar are cached for visitors: a moved session must not show its old time.
    private async Task RefreshPublicPagesAsync(CancellationToken cancellationToken) =>
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);

    /// <summary>
    /// The course's dates when a session on <paramref name="startsLocal"/> (course time) falls outside them, else null.
    /// Not refused: a briefing before the course or a follow-up after it are real; but a typed year is caught.
    /// </summary>
    public async Task<(DateOnly Starts, DateOnly Ends)?> CourseDatesIfOutsideAsync(string slug, DateTime startsLocal, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.StartsOn, c.EndsOn }).SingleAsync(cancellationToken);
        var day = DateOnly.FromDateTime(startsLocal);
        return day < course.StartsOn || day > course.EndsOn ? (course.StartsOn, course.EndsOn) : null;
    }

    private sealed record SessionTitle(int Id, string Title, bool Cancelled);

    /// <summary>The titles of a course's sessions: few, and compared here rather than in SQL, whose lower() knows only A–Z on SQLite.</summary>
    private Task<List<SessionTitle>> SessionTitlesAsync(int courseId, CancellationToken cancellationToken) =>
        db.LiveSessions.AsNoTracking().Where(s => s.CourseId == courseId).Select(s => new SessionTitle(s.Id, s.Title, s.Cancelled)).ToListAsync(cancellationToken);

    /// <summary>Titles are a session's name within its course whatever the case, as the course file matches them.</summary>
    private static bool SameTitle(string stored, string typed) => string.Equals(stored, typed.Trim(), StringComparison.OrdinalIgnoreCase);

    public async Task<SessionUpdate?> UpdateAsync(string slug, int id, SessionForm form, Actor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginSessionWriteAsync(slug, id, cancellationToken);
        if (transaction is null) return null;
        var session = await db.LiveSessions.Include(s => s.Course).SingleAsync(s => s.Id == id, cancellationToken);
        var course = session.Course!;
        var errors = Validate(course, form, id, await SessionTitlesAsync(course.Id, cancellationToken), session.StartsUtc);
        // As its start: once begun, how long it lasts is what happened (and whether it is over decides completion).
        if (form.Minutes is { } minutes && minutes != session.Minutes && session.StartsUtc <= clock.GetUtcNow().UtcDateTime)
        {
            errors[nameof(SessionForm.Minutes)] = T["This session has begun: its duration can no longer be changed."];
        }
        if (session.Cancelled) errors[""] = T["This session is cancelled. To hold it after all, schedule it again under the same title: participants get it back in their calendars."];
        if (errors.Count > 0) return new SessionUpdate(errors, Changed: false);
        // Someone saved the session after this form was opened, and its participants were sent that: the form would
        // put the old facts back and mail them as news. Unless it holds what is stored already (sent twice).
        if (form.Opened is { } opened && opened != session.UpdatesSent && (form with { Opened = null }) != FormOf(session, course.TimeZone))
        {
            errors[""] = T["Someone else changed this session after you opened it, and its participants were sent that change. Your version is below and is not saved: compare it with the session list, then save again to send yours."];
            return new SessionUpdate(errors, Changed: false, StoredVersion: session.UpdatesSent);
        }

        var before = SessionEventFacts.Of(session);
        var previous = SessionInvitations.Facts(course, session, viewerTimeZone: null);
        Apply(course, session, form);
        if (SessionEventFacts.Of(session) == before) return new SessionUpdate(errors, Changed: false);

        // Every change mailed is a new version of the event: Google Calendar, for one, applies an update only when its
        // SEQUENCE is higher than the one it holds, and would keep the old title or speaker otherwise.
        session.ChangedForEveryone();
        // A new title is named with the old one, so that the log still says which session it was.
        var title = before.Title == session.Title ? session.Title : $"{before.Title} → {session.Title}";
        audit.Record(actor, "session.changed", course.Id, null, AuditTime(before.StartsUtc), AuditTime(session.StartsUtc), title);
        await invitations.SendToAllAsync(course, session, InviteChange.Updated, cancellationToken, previous);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RefreshPublicPagesAsync(cancellationToken);
        return new SessionUpdate(errors, Changed: true);
    }

    /// <summary>Null: no such session.</summary>
    public async Task<CancelOutcome?> CancelAsync(string slug, int id, Actor actor, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginSessionWriteAsync(slug, id, cancellationToken);
        if (transaction is null) return null;
        var session = await db.LiveSessions.Include(s => s.Course).SingleAsync(s => s.Id == id, cancellationToken);
        if (session.Cancelled) return CancelOutcome.AlreadyCancelled;
        if (!CancellationRule.CanCancel(cancelled: false, session.StartsUtc, clock.GetUtcNow().UtcDateTime)) return CancelOutcome.AlreadyBegun;
        session.Cancelled = true;
        session.ChangedForEveryone();
        audit.Record(actor, "session.cancelled", session.CourseId, null, AuditTime(session.StartsUtc), null, session.Title);
        await invitations.SendToAllAsync(session.Course!, session, InviteChange.Cancelled, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RefreshPublicPagesAsync(cancellationToken);
        return CancelOutcome.Cancelled;
    }

    /// <summary>
    /// Takes the course's write lock before the session is read, so that two people changing it at once
    /// do so in turn: each raises the SEQUENCE the other left, and neither update is lost. Null: no such session.
    /// </summary>
    private async Task<IDbContextTransaction?> BeginSessionWriteAsync(string slug, int id, CancellationToken cancellationToken)
    {
        var courseId = await db.LiveSessions.Where(s => s.Id == id && s.Course!.Slug == slug).Select(s => (int?)s.CourseId).SingleOrDefaultAsync(cancellationToken);
        return courseId is null ? null : await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
    }

    public static SessionForm FormOf(LiveSession session, string timeZone) => new()
    {
        Title = session.Title, Organisation = session.Organisation, Speaker = session.Speaker,
        StartsLocal = ZonedTime.ToLocal(session.StartsUtc, ZonedTime.FindZone(timeZone)), Minutes = session.Minutes,
        JoinUrl = session.JoinUrl, Room = session.Room, Description = session.Description,
    };

    /// <summary>The session's edit form as it opens: its facts, and the version they are.</summary>
    public static SessionForm EditFormOf(LiveSession session, string timeZone) => FormOf(session, timeZone) with { Opened = session.UpdatesSent };

    /// <param name="currentStartUtc">An edited session's start as stored: it may stay in the past, but no session moves there.</param>
    private Dictionary<string, string> Validate(Course course, SessionForm form, int? sessionId, IReadOnlyList<SessionTitle> sessions, DateTime? currentStartUtc = null)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(form.JoinUrl) && string.IsNullOrWhiteSpace(form.Room))
        {
            errors[nameof(SessionForm.JoinUrl)] = T["Give a join link for an online session, or a room for an in-person one."];
        }
        if (!string.IsNullOrWhiteSpace(form.JoinUrl) && !ContentParser.IsJoinUrl(form.JoinUrl.Trim()))
        {
            errors[nameof(SessionForm.JoinUrl)] = T["Enter the join link as a full address, starting with https://."];
        }
        if (form.StartsLocal is { } far && !ContentParser.IsPlausibleYear(far.Year))
        {
            errors[nameof(SessionForm.StartsLocal)] = T["Enter a date between the years {0} and {1}.", ContentParser.FirstYear, ContentParser.LastYear];
        }
        else if (form.StartsLocal is { } local)
        {
            var zone = ZonedTime.FindZone(course.TimeZone);
            var now = clock.GetUtcNow().UtcDateTime;
            var starts = ZonedTime.ToUtc(local, zone, currentStartUtc);
            if (ZonedTime.IsSkipped(local, zone))
            {
                errors[nameof(SessionForm.StartsLocal)] = T["That time does not exist in {0}: the clocks move forward then. Choose another time.", course.TimeZone];
            }
            else if (starts != currentStartUtc && currentStartUtc <= now)
            {
                // A session that has begun keeps its time: it took place then (and could otherwise be moved ahead and cancelled).
                errors[nameof(SessionForm.StartsLocal)] = T["This session has begun: its start can no longer be changed."];
            }
            else if (starts <= now && starts != currentStartUtc)
            {
                errors[nameof(SessionForm.StartsLocal)] = sessionId is null
                    ? T["A new session must start in the future."]
                    : T["A session can only be moved to a time still to come."];
            }
        }
        // Titles tell sessions apart, for people and for the course file. A new session may take a cancelled
        // one's title: it brings that session back.
        if (sessions.Any(s => s.Id != sessionId && SameTitle(s.Title, form.Title) && !(sessionId is null && s.Cancelled)))
        {
            errors[nameof(SessionForm.Title)] = T["Another session of this course has this title; titles tell sessions apart."];
        }
        return errors;
    }

    private static void Apply(Course course, LiveSession session, SessionForm form)
    {
        session.Title = form.Title.Trim();
        session.Organisation = form.Organisation.Trim();
        session.Speaker = Blank(form.Speaker);
        session.StartsUtc = ZonedTime.ToUtc(form.StartsLocal!.Value, ZonedTime.FindZone(course.TimeZone), session.Id == 0 ? null : session.StartsUtc);
        session.Minutes = form.Minutes!.Value;
        session.JoinUrl = Blank(form.JoinUrl);
        session.Room = Blank(form.Room);
        session.Description = Blank(form.Description);
    }

    /// <summary>The session's start as the audit log shows times: in UTC, and saying so.</summary>
    private static string AuditTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
