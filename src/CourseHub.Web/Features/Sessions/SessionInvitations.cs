using System.Globalization;
using CourseHub.Core.Enrolments;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Features.Sessions;

/// <summary>
/// Puts live sessions in participants' calendars: one invitation mail per session and participant, with
/// the iTIP calendar part (REQUEST or CANCEL) built from the session's stable UID and SEQUENCE. Adds to
/// the caller's unit of work; the caller saves, in the same transaction as the change.
/// </summary>
public sealed class SessionInvitations(
    CourseHubDbContext db,
    Outbox outbox,
    SessionMails mails,
    MailLayout layout,
    IOptions<MailOptions> mailOptions,
    ILogger<SessionInvitations> logger,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A session was created, changed or cancelled: every accepted participant is told.</summary>
    /// <param name="previous">For an update: the session as it was before it, which the mail names beside what changed.</param>
    public async Task SendToAllAsync(Course course, LiveSession session, InviteChange change, CancellationToken cancellationToken,
        SessionMails.SessionFacts? previous = null)
    {
        foreach (var user in await AcceptedParticipantsAsync(course.Id, cancellationToken))
        {
            await SendAsync(course, session, user, change, cancellationToken, previous);
        }
    }

    /// <summary>A participant was accepted: they get every session still to come.</summary>
    public async Task InviteToUpcomingAsync(Course course, ApplicationUser user, CancellationToken cancellationToken)
    {
        foreach (var session in await UpcomingAsync(course.Id, cancellationToken))
        {
            await SendAsync(course, session, user, InviteChange.New, cancellationToken);
        }
    }

    /// <summary>A participant left (withdrew or was moved out): the sessions to come leave their calendar, to them alone.</summary>
    /// <remarks>
    /// Each session then moves one SEQUENCE on: should the person be accepted again, their new invitation is newer than
    /// the cancellation, which calendars that apply only a higher SEQUENCE (Google's) would otherwise keep. The others'
    /// copies, at the older number, are simply behind until the next change, which reaches them all.
    /// </remarks>
    public async Task RemoveFromUpcomingAsync(Course course, ApplicationUser user, CancellationToken cancellationToken)
    {
        foreach (var session in await UpcomingAsync(course.Id, cancellationToken))
        {
            await SendAsync(course, session, user, InviteChange.Removed, cancellationToken);
            session.Sequence++;
        }
    }

    private async Task SendAsync(Course course, LiveSession session, ApplicationUser user, InviteChange change, CancellationToken cancellationToken,
        SessionMails.SessionFacts? previous = null)
    {
        // An address no invitation can name (registration once let "a b@c.org" through) must not stop the
        // course's other participants getting theirs.
        if (!Core.Text.EmailAddress.IsPlain(user.Email))
        {
            logger.LogWarning("No invitation for session {Session} to user {User}: their address cannot be named in a calendar invitation", session.Uid, user.Id);
            return;
        }
        var calendarCourse = new CalendarCourse(course.Title, course.TimeZone, layout.Link($"/courses/{course.Slug}"), layout.ZoneName(course.TimeZone, user.PreferredLanguage));
        var cancel = change is InviteChange.Cancelled or InviteChange.Removed;
        // A cancellation, or the notice to someone no longer taking part, leaves the join link out: it is no use
        // to them, and the link is for participants.
        var calendarSession = cancel ? ToCalendar(session) with { JoinUrl = null } : ToCalendar(session);
        // A course saved before its form refused such addresses may hold one no invitation can name: the site's own address stands in.
        var organiser = Core.Text.EmailAddress.IsPlain(course.OrganiserEmail) ? course.OrganiserEmail! : mailOptions.Value.FromAddress;
        var parties = new InviteParties(organiser, course.Organiser, user.Email!, user.FullName, user.PreferredLanguage);
        var ics = cancel
            ? SessionInvite.Cancel(calendarCourse, calendarSession, parties, Now)
            : SessionInvite.Request(calendarCourse, calendarSession, parties, Now);
        var method = cancel ? SessionInvite.CancelMethod : SessionInvite.RequestMethod;
        var facts = cancel ? Facts(course, session, user.TimeZone) with { JoinUrl = null } : Facts(course, session, user.TimeZone);
        await outbox.EnqueueAsync(SessionMails.InviteKind,
            InviteKey(session, user.Id, method, Now),
            new MailRecipient(user.Email!, user.FullName, user.PreferredLanguage),
            mails.Invitation(user.PreferredLanguage, Addressee.Of(user), facts, change, previous),
            calendar: new MailCalendar(ics, method),
            cancellationToken: cancellationToken);
    }

    private static string InviteKey(LiveSession session, string userId, string method, DateTime now) =>
        string.Create(CultureInfo.InvariantCulture, $"{SessionMails.InviteKind}:{session.Uid}:{userId}:{session.Sequence}:{method}:{now.Ticks}");

    /// <summary>The session and the person an invitation's outbox key names.</summary>
    public static (Guid SessionUid, string UserId)? ReadInviteKey(string key) =>
        key.Split(':') is [SessionMails.InviteKind, var uid, var userId, ..] && Guid.TryParse(uid, out var sessionUid) ? (sessionUid, userId) : null;

    public static SessionMails.SessionFacts Facts(Course course, LiveSession session, string? viewerTimeZone) =>
        new(course.Title, course.Slug, session.Title, session.Organisation, session.Speaker, session.StartsUtc, session.Minutes,
            course.TimeZone, session.JoinUrl, session.Room, viewerTimeZone, session.Description);

    public static CalendarSession ToCalendar(LiveSession s) =>
        new(s.Uid, s.Title, s.Organisation, s.Speaker, s.StartsUtc, s.Minutes, s.JoinUrl, s.Room, s.Description, s.Sequence, s.Cancelled);

    private Task<List<ApplicationUser>> AcceptedParticipantsAsync(int courseId, CancellationToken cancellationToken) =>
        db.Applications.Where(a => a.CourseId == courseId && a.State == ApplicationState.Accepted && a.User != null)
            .Select(a => a.User!).ToListAsync(cancellationToken);

    private Task<List<LiveSession>> UpcomingAsync(int courseId, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.LiveSessions.Where(s => s.CourseId == courseId && !s.Cancelled && s.StartsUtc > now)
            .OrderBy(s => s.StartsUtc).ToListAsync(cancellationToken);
    }
}
