using CourseHub.Core.Courses;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Scholarships;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Applications;

[Authorize(Policy = Policies.SignedIn)]
public sealed class ApplicationsController(
    ApplicationWorkflow workflow,
    ScholarshipWorkflow scholarships,
    Endorsements.EndorsementRequests endorsements,
    MyApplicationsQuery myApplications,
    CourseHubDbContext db,
    UserManager<ApplicationUser> users,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> T,
    TimeProvider clock) : Controller
{
    [HttpGet("courses/{slug}/apply")]
    public async Task<IActionResult> Apply(string slug, CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        var existing = await db.Applications.Where(a => a.Course!.Slug == slug && a.UserId == user.Id).Select(a => (int?)a.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null) return RedirectToAction(nameof(Index), null, $"application-{existing}");
        var page = await PageAsync(slug, new ApplyForm(), user.TimeZone, cancellationToken);
        if (page is null) return NotFound();
        return page.Value.Closed is { } closed ? closed : View(page.Value.Model);
    }

    [HttpPost("courses/{slug}/apply")]
    public async Task<IActionResult> Apply(string slug, ApplyForm form, CancellationToken cancellationToken)
    {
        // A valid form goes straight to the workflow, which reads the course once; the page is built only
        // when it has to be shown again.
        var result = ModelState.IsValid ? await workflow.ApplyAsync(slug, await CurrentUserAsync(), form, cancellationToken) : null;
        switch (result?.Outcome)
        {
            case ApplyOutcome.Applied:
                TempData["Notice"] = T["Your application was submitted. We have sent you a confirmation by mail."].Value;
                return SeeApplication(result.ApplicationId);
            case ApplyOutcome.AlreadyApplied:
                TempData["Notice"] = T["You have already applied to this course; here is your application."].Value;
                return SeeApplication(result.ApplicationId);
            case ApplyOutcome.NotFound:
                return NotFound();
        }
        var page = await PageAsync(slug, form, (await CurrentUserAsync()).TimeZone, cancellationToken);
        if (page is null) return NotFound();
        if (page.Value.Closed is { } closed) return closed;
        if (result?.Outcome == ApplyOutcome.WindowClosed) return ClosedPage(page.Value.Model.Title, result.Message!);
        // All the problems at once: what the course asks (a supervisor, a statement) is checked even when the
        // form's own checks already failed, so that the person does not fix the form twice.
        var fieldErrors = result?.FieldErrors
            ?? (await workflow.FindCourseAsync(slug, cancellationToken) is { } course ? workflow.CourseSpecificErrors(course, form, await CurrentUserAsync()) : []);
        foreach (var (field, message) in fieldErrors.Where(e => ModelState[e.Key] is not { Errors.Count: > 0 })) ModelState.AddModelError(field, message);
        return View(page.Value.Model);
    }

    [HttpGet("applications")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        return View(await myApplications.RunAsync((await CurrentUserAsync()).Id, cancellationToken));
    }

    // Withdrawing and declining a scholarship cannot be undone and hand the place on to someone else, so the
    // buttons on "My applications" lead to a page that says so, whose own button does it.
    [HttpGet("applications/{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id, CancellationToken cancellationToken)
    {
        var application = await OwnAsync(id, cancellationToken);
        if (application is null) return NotFound();
        if (!application.CanWithdraw) return RedirectToAction(nameof(Index), null, $"application-{id}");
        ViewData["Title"] = T["Withdraw your application to “{0}”?", application.CourseTitle].Value;
        return View(application);
    }

    [HttpGet("applications/{id:int}/scholarship/decline")]
    public async Task<IActionResult> DeclineScholarship(int id, CancellationToken cancellationToken)
    {
        var application = await OwnAsync(id, cancellationToken);
        if (application is null) return NotFound();
        if (!application.CanReplyToScholarship) return RedirectToAction(nameof(Index), null, $"application-{id}");
        ViewData["Title"] = T["Decline the scholarship for “{0}”?", application.CourseTitle].Value;
        return View(application);
    }

    [HttpGet("applications/{id:int}/scholarship/give-back")]
    public async Task<IActionResult> GiveBackScholarship(int id, CancellationToken cancellationToken)
    {
        var application = await OwnAsync(id, cancellationToken);
        if (application is null) return NotFound();
        if (!application.CanGiveBackScholarship) return RedirectToAction(nameof(Index), null, $"application-{id}");
        ViewData["Title"] = T["Give back the scholarship for “{0}”?", application.CourseTitle].Value;
        return View(application);
    }

    [HttpPost("applications/{id:int}/scholarship/give-back")]
    [ActionName(nameof(GiveBackScholarship))]
    public async Task<IActionResult> GiveBackScholarshipConfirmed(int id, CancellationToken cancellationToken) =>
        Done(id, await scholarships.GiveBackAsync(id, await CurrentUserAsync(), cancellationToken),
            T["You gave back the scholarship; it passes to the next person on the reserve list, or waits for the next applicant accepted who asks for one."]);

    [HttpPost("applications/{id:int}/withdraw")]
    [ActionName(nameof(Withdraw))]
    public async Task<IActionResult> WithdrawConfirmed(int id, CancellationToken cancellationToken) =>
        Done(id, await workflow.WithdrawAsync(id, await CurrentUserAsync(), cancellationToken), T["Your application was withdrawn."]);

    [HttpPost("applications/{id:int}/scholarship")]
    public async Task<IActionResult> ReplyToScholarship(int id, bool accept, CancellationToken cancellationToken) =>
        Done(id, await scholarships.ReplyAsync(id, await CurrentUserAsync(), accept, cancellationToken),
            accept ? T["You accepted the scholarship."] : T["You declined the scholarship; it passes to the next person on the reserve list, or waits for the next applicant accepted who asks for one."]);

    // A mistyped address, the wrong person, a lost mail: the applicant names their supervisor again and a
    // new request goes out, while the supervisor has not answered.
    [HttpGet("applications/{id:int}/supervisor")]
    public async Task<IActionResult> Supervisor(int id, CancellationToken cancellationToken)
    {
        var pending = await endorsements.FindAsync(id, (await CurrentUserAsync()).Id, cancellationToken);
        if (pending is not null) return SupervisorPage(pending);
        // One's own application whose supervisor can no longer be asked (answered, asked as often as can be, decided):
        // the application says why, not a page that is missing.
        return await OwnAsync(id, cancellationToken) is null ? NotFound() : RedirectToAction(nameof(Index), null, $"application-{id}");
    }

    [HttpPost("applications/{id:int}/supervisor")]
    public async Task<IActionResult> Supervisor(int id, Endorsements.SupervisorForm form, CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        if (Endorsements.EndorsementRequests.IsApplicantsOwnAddress(user, form.SupervisorEmail))
        {
            ModelState.AddModelError(nameof(form.SupervisorEmail), T["Your supervisor's address cannot be your own."]);
        }
        if (!ModelState.IsValid)
        {
            var pending = await endorsements.FindAsync(id, user.Id, cancellationToken);
            if (pending is null) return NotFound();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return SupervisorPage(pending with { Form = form });
        }
        return Done(id, await endorsements.AskAgainAsync(id, user, form, cancellationToken),
            T["We sent the request to {0}. The link in any earlier request no longer works.", form.SupervisorEmail.Trim()]);
    }

    private ViewResult SupervisorPage(Endorsements.PendingEndorsement pending)
    {
        ViewData["Title"] = T["Ask your supervisor again: {0}", pending.CourseTitle].Value;
        return View("Supervisor", pending);
    }

    private async Task<MyApplication?> OwnAsync(int id, CancellationToken cancellationToken) =>
        (await myApplications.RunAsync((await CurrentUserAsync()).Id, cancellationToken)).SingleOrDefault(a => a.Id == id);

    private IActionResult Done(int id, string? error, string notice)
    {
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Refused", new RefusedViewModel(T["That could not be done"], error));
        }
        TempData["Notice"] = notice;
        return RedirectToAction(nameof(Index), null, $"application-{id}");
    }

    /// <summary>
    /// 303 See Other to the stored application: HTTP has the browser follow it with a GET, so reloading the
    /// page it lands on never posts the application again.
    /// </summary>
    private StatusCodeResult SeeApplication(int? id)
    {
        Response.Headers.Location = $"/applications#application-{id}";
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private IActionResult ClosedPage(string title, string message)
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Refused", new RefusedViewModel(T["You cannot apply to “{0}” now", title], message));
    }

    /// <param name="viewerZone">The applicant's own zone, if they set one: the deadline is given in it too.</param>
    private async Task<(ApplyPageViewModel Model, IActionResult? Closed)?> PageAsync(string slug, ApplyForm form, string? viewerZone, CancellationToken cancellationToken)
    {
        var course = await workflow.FindCourseAsync(slug, cancellationToken);
        if (course is not { Published: true }) return null;
        ViewData["Title"] = T["Apply: {0}", course.Title].Value;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var model = new ApplyPageViewModel(course.Slug, course.Title, course.Language, course.HasInPersonPhase, course.OffersScholarships,
            course.SupervisorEndorsement, Shared.Labels.Instant(course.Timeline.ApplicationsCloseUtc, course.TimeZone, culture), form)
        {
            ClosesForYou = Shared.Labels.InViewerTime(T, course.Timeline.ApplicationsCloseUtc, course.TimeZone, viewerZone, culture),
        };
        var window = ApplicationRules.WindowAt(course.Published, course.Timeline, clock.GetUtcNow().UtcDateTime);
        IActionResult? closed = window switch
        {
            ApplyWindow.Open => null,
            ApplyWindow.NotYetOpen => ClosedPage(course.Title, T["Applications open on {0}.", Shared.Labels.Instant(course.Timeline.ApplicationsOpenUtc, course.TimeZone, culture)]),
            _ => ClosedPage(course.Title, T["Applications closed on {0}.", model.ClosesAt]),
        };
        return (model, closed);
    }

    private static readonly CompiledQuery<Func<CourseHubDbContext, string, Task<ApplicationUser?>>> UserById = new(() =>
        EF.CompileAsyncQuery((CourseHubDbContext db, string id) => db.Users.AsNoTracking().SingleOrDefault(u => u.Id == id)));

    // Not tracked: nothing here changes the person, and a tracked entity would be compared again at every save.
    private async Task<ApplicationUser> CurrentUserAsync()
    {
        var id = users.GetUserId(User) ?? throw new InvalidOperationException("A signed-in request has no user.");
        return await UserById.For(db)(db, id)
            ?? throw new InvalidOperationException("A signed-in request has no user.");
    }
}

public sealed record RefusedViewModel(string Heading, string Message);
