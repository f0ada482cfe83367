using System.Security.Claims;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Sessions;

public sealed record AttendanceRow(string UserId, string Name, string Email, bool? Present);

/// <param name="NotYet">Why attendance cannot be recorded now (the session is cancelled or has not begun), or null.</param>
public sealed record AttendanceViewModel(string Slug, string CourseTitle, string Language, string TimeZone, int SessionId, string SessionTitle, DateTime StartsUtc, IReadOnlyList<AttendanceRow> Rows,
    string? NotYet = null)
{
    /// <summary>The person recording is a participant too: their own row is left to another of the course's staff.</summary>
    public bool OwnRowLeftOut { get; init; }
}

/// <param name="Progress">Modules done, sessions expected at and attended, and whether the participant completed the course.</param>
/// <param name="Recorded">How many of the sessions they were expected at have their attendance recorded.</param>
public sealed record RosterRow(string UserId, string Name, string Email, string Country, string Institution, Learning.CourseProgress? Progress, int Recorded);

public sealed record RosterViewModel(string Slug, string CourseTitle, string Language, int PastSessions, IReadOnlyList<RosterRow> Rows);

/// <summary>The live sessions of a course, for its instructors and admins: schedule, move, cancel, take attendance.</summary>
[Route("courses/{slug}/sessions")]
[Authorize(Policy = Policies.CourseStaff)]
public sealed class SessionsController(SessionScheduling scheduling, CourseHubDbContext db, TimeProvider clock, Learning.CourseProgressQuery progress, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var model = await PageAsync(slug, new SessionForm(), cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("")]
    public async Task<IActionResult> Create(string slug, SessionForm form, CancellationToken cancellationToken)
    {
        var model = await PageAsync(slug, form, cancellationToken);
        if (model is null) return NotFound();
        if (!ModelState.IsValid) return View(nameof(Index), model);
        var errors = await scheduling.CreateAsync(slug, form, Audit.Actor.From(User), cancellationToken);
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors) ModelState.AddModelError(field, message);
            return View(nameof(Index), model);
        }
        TempData["Notice"] = (await HasParticipantsAsync(slug, cancellationToken)
            ? T["Session scheduled; every accepted participant has been sent the invitation."]
            : T["Session scheduled. Nobody has been accepted yet: each participant gets the invitation on being accepted."]).Value
            + await OutsideNoteAsync(slug, form, cancellationToken);
        return RedirectToAction(nameof(Index), new { slug });
    }

    /// <summary>Whether anyone is sent a course's invitations: accepted, with an account.</summary>
    private Task<bool> HasParticipantsAsync(string slug, CancellationToken cancellationToken) =>
        db.Applications.AnyAsync(a => a.Course!.Slug == slug && a.State == ApplicationState.Accepted && a.UserId != null, cancellationToken);

    private async Task<string> OutsideNoteAsync(string slug, SessionForm form, CancellationToken cancellationToken) =>
        await scheduling.CourseDatesIfOutsideAsync(slug, form.StartsLocal!.Value, cancellationToken) is { } course
            ? " " + T["Note that it falls outside the course's dates ({0}).", Shared.Labels.DateRange(course.Starts, course.Ends, System.Globalization.CultureInfo.CurrentCulture)].Value
            : "";

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(string slug, int id, CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().Include(s => s.Course).SingleOrDefaultAsync(s => s.Id == id && s.Course!.Slug == slug, cancellationToken);
        if (session is null) return NotFound();
        ViewData["Title"] = T["Edit: {0}", session.Title].Value;
        return View(new SessionEditViewModel(slug, session.Course!.Title, session.Course.Language, session.Course.TimeZone, id, session.Cancelled,
            SessionScheduling.EditFormOf(session, session.Course.TimeZone)));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(string slug, int id, SessionForm form, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return NotFound();
        var model = new SessionEditViewModel(slug, course.Title, course.Language, course.TimeZone, id, false, form);
        ViewData["Title"] = T["Edit: {0}", form.Title].Value;
        if (!ModelState.IsValid) return View(model);
        var update = await scheduling.UpdateAsync(slug, id, form, Audit.Actor.From(User), cancellationToken);
        if (update is null) return NotFound();
        if (update.Errors.Count > 0)
        {
            foreach (var (field, message) in update.Errors) ModelState.AddModelError(field, message);
            // Told of the other change, the instructor may save again on purpose: the form now stands on the version stored.
            if (update.StoredVersion is { } stored) model = model with { Form = form with { Opened = stored } };
            return View(model);
        }
        TempData["Notice"] = !update.Changed
            ? T["Nothing was changed, so no update was sent."].Value
            : (await HasParticipantsAsync(slug, cancellationToken)
                ? T["Session saved; accepted participants have been sent the update."]
                : T["Session saved. Nobody has been accepted yet, so there was no one to send the update to."]).Value
                + await OutsideNoteAsync(slug, form, cancellationToken);
        return RedirectToAction(nameof(Index), new { slug });
    }

    /// <summary>Cancelling tells every participant and cannot be undone, so one click on the list only asks.</summary>
    [HttpGet("{id:int}/cancel")]
    public async Task<IActionResult> Cancel(string slug, int id, CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().Where(s => s.Id == id && s.Course!.Slug == slug)
            .Select(s => new { s.Title, s.StartsUtc, s.Minutes, s.Cancelled, s.CourseId, CourseTitle = s.Course!.Title, s.Course.Language, s.Course.TimeZone })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null) return NotFound();
        if (!Core.Sessions.CancellationRule.CanCancel(session.Cancelled, session.StartsUtc, clock.GetUtcNow().UtcDateTime))
        {
            if (!session.Cancelled) TempData["Error"] = BegunCannotBeCancelled;
            return RedirectToAction(nameof(Index), new { slug });
        }
        // Those the cancellation is mailed to: accepted, with an account (one deleted after the course keeps its seat but has no address).
        var participants = await db.Applications.CountAsync(a => a.CourseId == session.CourseId && a.State == ApplicationState.Accepted && a.UserId != null, cancellationToken);
        ViewData["Title"] = T["Cancel {0}", session.Title].Value;
        return View(new SessionCancelViewModel(slug, session.CourseTitle, session.Language, session.TimeZone, id, session.Title, session.StartsUtc, session.Minutes, participants));
    }

    [HttpPost("{id:int}/cancel")]
    [ActionName(nameof(Cancel))]
    public async Task<IActionResult> CancelConfirmed(string slug, int id, CancellationToken cancellationToken)
    {
        var outcome = await scheduling.CancelAsync(slug, id, Audit.Actor.From(User), cancellationToken);
        if (outcome is null) return NotFound();
        if (outcome == CancelOutcome.AlreadyBegun) TempData["Error"] = BegunCannotBeCancelled;
        else TempData["Notice"] = outcome != CancelOutcome.Cancelled
            ? T["This session was already cancelled; nothing more was sent."].Value
            : await HasParticipantsAsync(slug, cancellationToken)
                ? T["Session cancelled; accepted participants have been sent the cancellation."].Value
                : T["Session cancelled. Nobody had been accepted yet, so there was no one to tell."].Value;
        return RedirectToAction(nameof(Index), new { slug });
    }

    private string BegunCannotBeCancelled => T["This session has begun: it can no longer be cancelled."].Value;

    [HttpGet("{id:int}/attendance")]
    public async Task<IActionResult> Attendance(string slug, int id, CancellationToken cancellationToken)
    {
        var model = await AttendanceAsync(slug, id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("{id:int}/attendance")]
    public async Task<IActionResult> Attendance(string slug, int id, List<string> present, CancellationToken cancellationToken)
    {
        var model = await AttendanceAsync(slug, id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (model is null) return NotFound();
        if (model.NotYet is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(model);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Under the course's write lock: a double click, or two instructors saving at once, must find each other's
        // rows rather than both add them.
        var courseId = await db.LiveSessions.Where(s => s.Id == id).Select(s => s.CourseId).SingleAsync(cancellationToken);
        await using var transaction = await db.BeginCourseWriteAsync(courseId, cancellationToken);
        var existing = await db.SessionAttendances.Where(a => a.SessionId == id).ToListAsync(cancellationToken);
        foreach (var row in model.Rows)
        {
            var record = existing.SingleOrDefault(a => a.UserId == row.UserId);
            if (record is null)
            {
                record = new SessionAttendance { SessionId = id, UserId = row.UserId };
                db.SessionAttendances.Add(record);
            }
            record.Present = present.Contains(row.UserId);
            record.RecordedUtc = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Notice"] = T["Attendance saved: {0} of {1} present.", model.Rows.Count(r => present.Contains(r.UserId)), model.Rows.Count].Value;
        return RedirectToAction(nameof(Attendance), new { slug, id });
    }

    [HttpGet("/courses/{slug}/roster")]
    public async Task<IActionResult> Roster(string slug, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return NotFound();
        // Over the sessions completion counts, so that the rate shown is the one that decides.
        var held = await progress.HeldSessionIdsAsync(course.Id, cancellationToken);
        var people = await db.Applications.AsNoTracking()
            .Where(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted && a.User != null)
            .OrderBy(a => a.User!.FullName)
            .Select(a => new { UserId = a.UserId!, a.User!.FullName, a.User.Email, a.Country, a.User.Institution })
            .ToListAsync(cancellationToken);
        var userIds = people.Select(p => p.UserId).ToList();
        var recorded = await db.SessionAttendances.AsNoTracking().Where(x => held.Contains(x.SessionId) && userIds.Contains(x.UserId))
            .Select(x => new { x.UserId, x.SessionId }).ToListAsync(cancellationToken);
        // Attendance over the sessions each was expected at, as completion counts it.
        var standings = await progress.ForCourseAsync(course.Id, userIds, cancellationToken);
        var recordedBy = recorded.ToLookup(x => x.UserId, x => x.SessionId);
        var rows = people.Select(p =>
        {
            var standing = standings.GetValueOrDefault(p.UserId);
            var theirs = recordedBy[p.UserId].Count(session => standing is null || standing.ExpectedSessionIds.Contains(session));
            return new RosterRow(p.UserId, p.FullName, p.Email!, p.Country, p.Institution, standing, theirs);
        }).ToList();
        ViewData["Title"] = T["Roster: {0}", course.Title].Value;
        return View(new RosterViewModel(slug, course.Title, course.Language, held.Count, rows));
    }

    /// <param name="recorderId">
    /// Who records: an instructor accepted into their own course does not record their own attendance, which counts
    /// toward their certificate, as nobody scores or decides on their own application.
    /// </param>
    private async Task<AttendanceViewModel?> AttendanceAsync(string slug, int id, string recorderId, CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().Include(s => s.Course).SingleOrDefaultAsync(s => s.Id == id && s.Course!.Slug == slug, cancellationToken);
        if (session is null) return null;
        var accepted = await db.Applications.AsNoTracking()
            .Where(a => a.CourseId == session.CourseId && a.State == ApplicationState.Accepted && a.User != null)
            .OrderBy(a => a.User!.FullName)
            .Select(a => new
            {
                Row = new AttendanceRow(a.UserId!, a.User!.FullName, a.User.Email!,
                    db.SessionAttendances.Where(x => x.SessionId == id && x.UserId == a.UserId).Select(x => (bool?)x.Present).FirstOrDefault()),
                a.DecidedUtc,
            })
            .ToListAsync(cancellationToken);
        // Those expected at it (someone accepted after it began was never invited to it).
        var expected = accepted.Where(a => Learning.CourseProgressQuery.IsExpectedAt(session.StartsUtc, a.DecidedUtc)).Select(a => a.Row).ToList();
        var rows = expected.Where(r => r.UserId != recorderId).ToList();
        ViewData["Title"] = T["Attendance: {0}", session.Title].Value;
        var notYet = Core.Sessions.AttendanceRule.CanRecord(session.Cancelled, session.StartsUtc, clock.GetUtcNow().UtcDateTime) ? null
            : session.Cancelled ? T["This session was cancelled: there is no attendance to record."].Value
            : T["Attendance can be recorded once the session has begun."].Value;
        return new AttendanceViewModel(slug, session.Course!.Title, session.Course.Language, session.Course.TimeZone, id, session.Title, session.StartsUtc, rows, notYet)
        {
            OwnRowLeftOut = rows.Count < expected.Count,
        };
    }

    private async Task<SessionsPageViewModel?> PageAsync(string slug, SessionForm form, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return null;
        var sessions = await db.LiveSessions.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsUtc)
            .Select(s => new SessionListItem(s.Id, s.Title, s.Organisation, s.Speaker, s.StartsUtc, s.Minutes, s.JoinUrl, s.Room, s.Cancelled, s.UpdatesSent))
            .ToListAsync(cancellationToken);
        ViewData["Title"] = T["Live sessions: {0}", course.Title].Value;
        return new SessionsPageViewModel(slug, course.Title, course.Language, course.TimeZone, sessions, form, clock.GetUtcNow().UtcDateTime);
    }
}
