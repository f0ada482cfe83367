using CourseHub.Core.Courses;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Features.Endorsements;
using CourseHub.Web.Features.Scholarships;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Applications;

public enum ApplyOutcome { Applied, AlreadyApplied, WindowClosed, NotFound, Invalid }

public sealed record ApplyResult(ApplyOutcome Outcome, int? ApplicationId = null, string? Message = null, IReadOnlyDictionary<string, string>? FieldErrors = null);

public sealed record ApplyCourse(
    int Id, string Slug, string Title, string Language, string TimeZone, bool Published, CourseTimeline Timeline,
    bool HasInPersonPhase, bool OffersScholarships, bool SupervisorEndorsement, DateOnly? ResultsDate);

/// <param name="NoteLeftOut">The decision's note was not kept: it was written for an acceptance that a full course made a waitlist place.</param>
public sealed record DecisionResult(int ApplicationId, bool Changed, ApplicationState? State, string Message, bool NoteLeftOut = false)
{
    /// <summary>The applicant, as the coordinator's notice names them.</summary>
    public string? Name { get; init; }

    /// <summary>Those the decision moved from the waitlist into a seat it freed.</summary>
    public IReadOnlyList<string> Promoted { get; init; } = [];
}

/// <summary>
/// Applying, deciding and withdrawing. An application is checked here and stored by
/// <see cref="ApplicationGroupCommit"/>. Deciding and withdrawing are each one transaction that holds the
/// course's write lock, stores the change, its audit row and its mails together, and fills a freed seat
/// from the waitlist.
/// </summary>
public sealed class ApplicationWorkflow(
    CourseHubDbContext db,
    Outbox outbox,
    ApplicationMails mails,
    AuditLog audit,
    ScholarshipWorkflow scholarships,
    ApplicationGroupCommit groupCommit,
    Sessions.SessionInvitations invitations,
    IStringLocalizer<SharedResource> T,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // The reads of every application POST, compiled once rather than looked up in EF's query cache each time.
    private static readonly CompiledQuery<Func<CourseHubDbContext, string, CancellationToken, Task<ApplyCourse?>>> CourseBySlug = new(() =>
        EF.CompileAsyncQuery((CourseHubDbContext db, string slug, CancellationToken _) => db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new ApplyCourse(c.Id, c.Slug, c.Title, c.Language, c.TimeZone, c.Published,
                new CourseTimeline(c.ApplicationsOpenUtc, c.ApplicationsCloseUtc, c.StartsUtc, c.EndsUtc),
                c.Phases.Any(p => p.Modality == Modality.InPerson), c.ScholarshipQuota > 0, c.SupervisorEndorsement, c.ResultsDate))
            .SingleOrDefault()));

    private static readonly CompiledQuery<Func<CourseHubDbContext, int, string, CancellationToken, Task<int?>>> ApplicationOf = new(() =>
        EF.CompileAsyncQuery((CourseHubDbContext db, int courseId, string userId, CancellationToken _) =>
            db.Applications.Where(a => a.CourseId == courseId && a.UserId == userId).Select(a => (int?)a.Id).SingleOrDefault()));

    /// <summary>What applying needs to know of a course: read without its description, and not tracked.</summary>
    public Task<ApplyCourse?> FindCourseAsync(string slug, CancellationToken cancellationToken) => CourseBySlug.For(db)(db, slug, cancellationToken);

    public async Task<ApplyResult> ApplyAsync(string slug, ApplicationUser user, ApplyForm form, CancellationToken cancellationToken)
    {
        var course = await FindCourseAsync(slug, cancellationToken);
        if (course is null) return new ApplyResult(ApplyOutcome.NotFound);
        var window = ApplicationRules.WindowAt(course.Published, course.Timeline, Now);
        if (window == ApplyWindow.NotPublished) return new ApplyResult(ApplyOutcome.NotFound);
        if (window != ApplyWindow.Open)
        {
            return new ApplyResult(ApplyOutcome.WindowClosed, Message: window == ApplyWindow.NotYetOpen
                ? T["Applications for this course are not open yet."]
                : T["Applications for this course are closed."]);
        }
        var existing = await ApplicationOf.For(db)(db, course.Id, user.Id, cancellationToken);
        if (existing is not null) return new ApplyResult(ApplyOutcome.AlreadyApplied, existing);

        var errors = CourseSpecificErrors(course, form, user);
        if (errors.Count > 0) return new ApplyResult(ApplyOutcome.Invalid, FieldErrors: errors);

        var inPerson = course.HasInPersonPhase;
        var application = new Application
        {
            CourseId = course.Id,
            UserId = user.Id,
            State = ApplicationState.Submitted,
            Motivation = form.Motivation.Trim(),
            RelationToWork = form.RelationToWork.Trim(),
            TravelNeeds = inPerson ? Blank(form.TravelNeeds) : null,
            SubmittedUtc = Now,
            Country = user.Country,
            Institution = user.Institution,
            GovernmentLevel = user.GovernmentLevel,
            Gender = user.Gender,
            SupervisorName = course.SupervisorEndorsement ? Blank(form.SupervisorName) : null,
            SupervisorEmail = course.SupervisorEndorsement ? Blank(form.SupervisorEmail) : null,
            Endorsement = course.SupervisorEndorsement ? EndorsementState.Pending : EndorsementState.NotRequested,
            EndorsementRequestedUtc = course.SupervisorEndorsement ? Now : null,
            Scholarship = course.OffersScholarships && form.RequestScholarship ? ScholarshipState.Requested : ScholarshipState.None,
            ScholarshipStatement = course.OffersScholarships && form.RequestScholarship ? Blank(form.ScholarshipStatement) : null,
            DepartureCity = course.OffersScholarships && form.RequestScholarship && inPerson ? Blank(form.DepartureCity) : null,
            NeedsLodging = course.OffersScholarships && form.RequestScholarship && inPerson ? form.NeedsLodging : null,
        };

        return await groupCommit.StoreAsync(course, user, application);
    }

    /// <summary>Withdraws an application of the person's own; a freed seat and a freed scholarship pass on.</summary>
    public async Task<string?> WithdrawAsync(int applicationId, ApplicationUser user, CancellationToken cancellationToken)
    {
        var courseId = await db.Applications.Where(a => a.Id == applicationId && a.UserId == user.Id).Select(a => (int?)a.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return T["There is no such application."];

        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        // With the person: a scholarship forfeited below is mailed to them.
        var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == applicationId, cancellationToken);
        if (!ApplicationRules.CanWithdraw(application.State, application.Course!.EndsUtc, Now))
        {
            return T["This application can no longer be withdrawn."];
        }
        var before = application.State;
        application.State = ApplicationState.Withdrawn;
        audit.Record(new Actor(user.Id, user.FullName), "application.withdrawn", courseId, application.Id, before.ToString(), ApplicationState.Withdrawn.ToString());
        // One mail says both: the person withdrew, and a scholarship they held passes on (they know why).
        var heldScholarship = ScholarshipRules.HoldsQuota(application.Scholarship);
        await outbox.EnqueueAsync(ApplicationMails.WithdrawnKind, $"{ApplicationMails.WithdrawnKind}:{application.Id}",
            Recipient(user), mails.Withdrawn(user.PreferredLanguage, Addressee.Of(user), application.Course.Title, heldScholarship), cancellationToken: cancellationToken);
        if (before == ApplicationState.Accepted) await invitations.RemoveFromUpcomingAsync(application.Course, user, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (before == ApplicationState.Accepted) await FillFreedSeatsAsync(application.Course, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // After the seat is filled: the person it went to may be first on the scholarships' reserve list.
        await scholarships.ForfeitAsync(application, cancellationToken, tell: false);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// The person is leaving CourseHub. An application still running is withdrawn: its seat and scholarship pass on. One
    /// of a course that is over stays as the record of who took part; but a session of it still to come (a follow-up
    /// after the course) leaves their calendar, as it would have on withdrawing.
    /// </summary>
    public async Task LeaveAsync(int applicationId, ApplicationUser user, CancellationToken cancellationToken)
    {
        if (await WithdrawAsync(applicationId, user, cancellationToken) is null) return;
        var courseId = await db.Applications.Where(a => a.Id == applicationId && a.UserId == user.Id).Select(a => (int?)a.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return;
        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        // Read under the lock: a decision just made may have taken the person out already, and told them.
        if (!await db.Applications.AnyAsync(a => a.Id == applicationId && a.State == ApplicationState.Accepted, cancellationToken)) return;
        var course = await db.Courses.SingleAsync(c => c.Id == courseId, cancellationToken);
        await invitations.RemoveFromUpcomingAsync(course, user, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Decides on one application. An accept on a full course puts the applicant on the waitlist instead.</summary>
    /// <param name="decidedTogether">The other applications of the same bulk decision: a seat it frees does not go to one it just moved off theirs.</param>
    public async Task<DecisionResult> DecideAsync(int applicationId, Decision decision, string? note, Actor actor, CancellationToken cancellationToken,
        IReadOnlyCollection<int>? decidedTogether = null)
    {
        var courseId = await db.Applications.Where(a => a.Id == applicationId).Select(a => (int?)a.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return new DecisionResult(applicationId, false, null, T["There is no such application."]);

        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        // Read afresh under the lock: in a bulk decision the course as the previous decision left it in memory may be
        // stale (an award lapsed meanwhile, its freed scholarship waiting), and would be saved back over the database.
        db.ChangeTracker.Clear();
        var application = await db.Applications.Include(a => a.Course).Include(a => a.User).SingleAsync(a => a.Id == applicationId, cancellationToken);
        var course = application.Course!;
        // As with scoring: an instructor or coordinator who applied too does not decide on their own place.
        if (application.UserId is not null && application.UserId == actor.Id)
        {
            return new DecisionResult(applicationId, false, application.State, T["You cannot decide on your own application."]);
        }
        // Nobody could be told, and a seat given to no one would be taken from the waitlist: what the application
        // became when its applicant left stays as it is.
        if (application.UserId is null)
        {
            return new DecisionResult(applicationId, false, application.State, T["The applicant deleted their account."]);
        }
        if (!ApplicationRules.CanDecide(application.State, decision))
        {
            return new DecisionResult(applicationId, false, application.State,
                application.State switch
                {
                    ApplicationState.Withdrawn => T["The applicant has withdrawn."],
                    ApplicationState.Accepted => T["Already accepted."],
                    ApplicationState.Waitlisted => T["Already waitlisted."],
                    ApplicationState.Rejected => T["Already rejected."],
                    _ => T["Already decided."],
                });
        }
        var accepted = await db.Applications.CountAsync(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted, cancellationToken);
        var before = application.State;
        var after = ApplicationRules.Outcome(decision, accepted, course.Capacity);
        if (after == before)
        {
            return new DecisionResult(applicationId, false, before, T["The course is full; the applicant stays on the waitlist."]);
        }

        // A note written to someone being accepted ("welcome, bring your ID…") does not fit the waitlist a full
        // course puts them on instead: it is neither sent nor shown to them.
        var filledUp = decision == Decision.Accept && after == ApplicationState.Waitlisted;
        var kept = filledUp ? null : Blank(note);
        application.State = after;
        application.DecidedUtc = Now;
        application.DecisionNote = kept;
        application.WaitlistedUtc = after == ApplicationState.Waitlisted ? Now : application.WaitlistedUtc;
        audit.Record(actor, "application.decided", course.Id, application.Id, before.ToString(), after.ToString(), kept);
        await MailDecisionAsync(application, after, kept, cancellationToken, wasAccepted: before == ApplicationState.Accepted);
        if (application.User is { } person)
        {
            if (after == ApplicationState.Accepted) await invitations.InviteToUpcomingAsync(course, person, cancellationToken);
            else if (before == ApplicationState.Accepted) await invitations.RemoveFromUpcomingAsync(course, person, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        // The seat of someone moved to the waitlist goes to those already waiting, not straight back to them (nor to
        // another moved there by the same bulk decision).
        var promoted = before == ApplicationState.Accepted
            ? await FillFreedSeatsAsync(course, cancellationToken, leftOut: [application.Id, .. decidedTogether ?? []])
            : [];
        await db.SaveChangesAsync(cancellationToken);
        // After the seat is filled, as on a withdrawal: the person it went to may be first on the reserve list.
        if (after != ApplicationState.Accepted) await scholarships.ForfeitAsync(application, cancellationToken);
        // Someone accepted who asked for a scholarship joins the reserve list, where a freed award may be waiting.
        else await scholarships.PassOnFreedAsync(course, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var noteLeftOut = filledUp && Blank(note) is not null;
        // The notice names whom it decided on: a coordinator going through a list reads who moved where.
        var name = application.User?.FullName ?? T[AuditNotes.AccountDeleted].Value;
        string message = filledUp
            ? noteLeftOut ? T["The course is full: {0} was put on the waitlist, without your note.", name] : T["The course is full: {0} was put on the waitlist.", name]
            : after switch
            {
                ApplicationState.Accepted => T["{0} is accepted.", name],
                ApplicationState.Waitlisted => T["{0} is on the waitlist.", name],
                ApplicationState.Rejected => T["{0} is not selected.", name],
                _ => T["Decision recorded."],
            };
        // What the decision did besides: the coordinator should not learn from the audit log that someone was accepted.
        if (promoted.Count > 0) message = $"{message} {T["Accepted from the waitlist into the free seats: {0}.", string.Join(", ", promoted)]}";
        return new DecisionResult(applicationId, true, after, message, NoteLeftOut: noteLeftOut) { Name = name, Promoted = promoted };
    }

    /// <summary>
    /// Offers free seats to the waitlist, first waitlisted first, leaving out <paramref name="leftOut"/> (those
    /// just moved from their seats to the waitlist), until the course is over. Runs inside the caller's course lock.
    /// </summary>
    /// <returns>The names of those accepted.</returns>
    internal async Task<IReadOnlyList<string>> FillFreedSeatsAsync(Course course, CancellationToken cancellationToken, IReadOnlyCollection<int>? leftOut = null)
    {
        leftOut ??= [];
        // A course that is over has no seat to offer: a correction to a past edition accepts nobody.
        if (Now >= course.EndsUtc) return [];
        var accepted = await db.Applications.CountAsync(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted, cancellationToken);
        if (ApplicationRules.SeatsTaken(accepted, course.Capacity)) return [];
        var promoted = new List<string>();
        var waitlist = await db.Applications.Include(a => a.User)
            .Where(a => a.CourseId == course.Id && a.State == ApplicationState.Waitlisted && a.UserId != null && !leftOut.Contains(a.Id))
            .ToListAsync(cancellationToken);
        foreach (var next in ApplicationRules.WaitlistOrder(waitlist, a => ApplicationRules.WaitlistedSince(a.WaitlistedUtc, a.SubmittedUtc), a => a.Id).Take(course.Capacity - accepted))
        {
            promoted.Add(next.User?.FullName ?? T["a former participant"]);
            next.State = ApplicationState.Accepted;
            next.DecidedUtc = Now;
            // The note that came with the waitlisting ("you are on the waitlist because…") is not this decision's.
            next.DecisionNote = null;
            audit.Record(Actor.System, "application.promoted", course.Id, next.Id, ApplicationState.Waitlisted.ToString(), ApplicationState.Accepted.ToString(),
                AuditNotes.SeatOpened);
            if (next.User is { } user)
            {
                await outbox.EnqueueAsync(ApplicationMails.PromotedKind, $"{ApplicationMails.PromotedKind}:{next.Id}:{Now.Ticks}",
                    Recipient(user), mails.Promoted(user.PreferredLanguage, Addressee.Of(user), course.Title,
                        await PlaceInAsync(course.Id, cancellationToken)), cancellationToken: cancellationToken);
                await invitations.InviteToUpcomingAsync(course, user, cancellationToken);
            }
        }
        if (promoted.Count > 0)
        {
            // Saved first: the reserve list is read from the database, and those just accepted are on it.
            await db.SaveChangesAsync(cancellationToken);
            await scholarships.PassOnFreedAsync(course, cancellationToken);
        }
        return promoted;
    }

    /// <param name="wasAccepted">The applicant had been told they were accepted: a rejection now withdraws that, and says so.</param>
    private async Task MailDecisionAsync(Application application, ApplicationState state, string? note, CancellationToken cancellationToken, bool wasAccepted = false)
    {
        if (application.User is not { } user) return;
        var course = application.Course!.Title;
        var (kind, mail) = state switch
        {
            ApplicationState.Accepted => (ApplicationMails.AcceptedKind, mails.Accepted(user.PreferredLanguage, Addressee.Of(user), course, note,
                await PlaceInAsync(application.CourseId, cancellationToken))),
            ApplicationState.Waitlisted => (ApplicationMails.WaitlistedKind, mails.Waitlisted(user.PreferredLanguage, Addressee.Of(user), course, note)),
            _ => (ApplicationMails.RejectedKind, mails.Rejected(user.PreferredLanguage, Addressee.Of(user), course, note, wasAccepted)),
        };
        await outbox.EnqueueAsync(kind, $"{kind}:{application.Id}:{Now.Ticks}", Recipient(user), mail, cancellationToken: cancellationToken);
    }

    /// <summary>What the course asks beyond the form's own checks: a supervisor, a scholarship statement, a city.</summary>
    public Dictionary<string, string> CourseSpecificErrors(ApplyCourse course, ApplyForm form, ApplicationUser user)
    {
        var errors = new Dictionary<string, string>();
        if (course.SupervisorEndorsement)
        {
            if (string.IsNullOrWhiteSpace(form.SupervisorName)) errors[nameof(ApplyForm.SupervisorName)] = T["This course asks for your supervisor's endorsement: enter their name."];
            if (string.IsNullOrWhiteSpace(form.SupervisorEmail)) errors[nameof(ApplyForm.SupervisorEmail)] = T["Enter your supervisor's email address."];
            else if (Endorsements.EndorsementRequests.IsApplicantsOwnAddress(user, form.SupervisorEmail)) errors[nameof(ApplyForm.SupervisorEmail)] = T["Your supervisor's address cannot be your own."];
        }
        if (form.RequestScholarship && course.OffersScholarships)
        {
            if (string.IsNullOrWhiteSpace(form.ScholarshipStatement)) errors[nameof(ApplyForm.ScholarshipStatement)] = T["Explain why you request a scholarship."];
            if (course.HasInPersonPhase && string.IsNullOrWhiteSpace(form.DepartureCity))
            {
                errors[nameof(ApplyForm.DepartureCity)] = T["Enter the city you would travel from."];
            }
        }
        else if (course.OffersScholarships && (!string.IsNullOrWhiteSpace(form.ScholarshipStatement) || !string.IsNullOrWhiteSpace(form.DepartureCity)))
        {
            // A statement written and the box left unticked: sending it would drop what they wrote without a word.
            errors[nameof(ApplyForm.RequestScholarship)] = T["You wrote about a scholarship: tick “I request a full scholarship” to send it, or clear what you wrote."];
        }
        return errors;
    }

    /// <summary>
    /// The days of a course, or the places of its in-person phases, moved: every accepted participant planned around
    /// the old ones and is told, in their language, with the way out. Adds to the caller's unit of work, under its lock.
    /// </summary>
    /// <returns>How many were told.</returns>
    /// <param name="before">The course's first and last days as they were.</param>
    internal async Task<int> TellOfNewDatesAsync(Course course, (DateOnly StartsOn, DateOnly EndsOn) before, CancellationToken cancellationToken)
    {
        var people = await db.Applications.Where(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted && a.User != null)
            .Select(a => a.User!).ToListAsync(cancellationToken);
        var place = CoursePlaces.PlaceOf(course);
        foreach (var user in people)
        {
            await outbox.EnqueueAsync(ApplicationMails.DatesChangedKind, $"{ApplicationMails.DatesChangedKind}:{course.Id}:{user.Id}:{Now.Ticks}",
                Recipient(user), mails.DatesChanged(user.PreferredLanguage, Addressee.Of(user), course.Title, place,
                    new ApplicationMails.PlaceIn(course.Slug, before.StartsOn, before.EndsOn)),
                cancellationToken: cancellationToken);
        }
        return people.Count;
    }

    private readonly Dictionary<int, ApplicationMails.PlaceIn> places = [];

    /// <summary>
    /// The course's days and places for a mail, read once per request: a bulk decision accepts many into the same course.
    /// Read when first needed, after the course form's own save, so never the days it replaced.
    /// </summary>
    private async Task<ApplicationMails.PlaceIn> PlaceInAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!places.TryGetValue(courseId, out var place)) places[courseId] = place = await db.PlaceInAsync(courseId, cancellationToken);
        return place;
    }

    internal static MailRecipient Recipient(ApplicationUser user) => new(user.Email!, user.FullName, user.PreferredLanguage);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
