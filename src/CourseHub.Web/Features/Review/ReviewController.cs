using System.Security.Claims;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Features.Applications;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Features.Scholarships;
using CourseHub.Web.Features.Shared;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Review;

/// <summary>
/// The review screen of a course: its instructors (when the course lets them) and admins read and score
/// applications; only admins decide and award scholarships.
/// </summary>
[Route("review/{slug}")]
[Authorize(Policy = Policies.CourseStaff)]
public sealed class ReviewController(
    ReviewQuery query,
    ReviewScoring scoring,
    ApplicationWorkflow workflow,
    ScholarshipWorkflow scholarships,
    ScholarshipBoardQuery board,
    CourseHubDbContext db,
    IStringLocalizer<SharedResource> T) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
    private bool IsAdmin => User.IsInRole(Roles.Admin);

    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, string? state, string? country, string? scholarship, string? sort, int page = 1,
        CancellationToken cancellationToken = default)
    {
        if (!await MayReviewAsync(slug, cancellationToken)) return Forbid();
        var model = await query.RunAsync(slug, new ReviewFilter(state, country, scholarship, sort, page), UserId, IsAdmin, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Applications: {0}", model.Title].Value;
        return View(model);
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(string slug, string? state, string? country, string? scholarship, string? sort, string? @decimal,
        CancellationToken cancellationToken)
    {
        if (!await MayReviewAsync(slug, cancellationToken)) return Forbid();
        var model = await query.RunAsync(slug, new ReviewFilter(state, country, scholarship, sort), UserId, IsAdmin, cancellationToken, export: true);
        if (model is null) return NotFound();
        // Applicants' personal data: not kept by the browser's cache or any cache on the way.
        Response.Headers.CacheControl = "no-store";
        return File(ReviewQuery.ToCsv(model.Rows, T, CsvDialect.Named(@decimal)), "text/csv; charset=utf-8", $"{slug}-applications.csv");
    }

    /// <param name="state">With country, scholarship, sort and page: the list the application was opened from.</param>
    [HttpGet("applications/{id:int}")]
    public async Task<IActionResult> Application(string slug, int id, string? state, string? country, string? scholarship, string? sort, int page = 1,
        CancellationToken cancellationToken = default)
    {
        if (!await MayReviewAsync(slug, cancellationToken)) return Forbid();
        var model = await DetailsAsync(slug, id, new ReviewFilter(state, country, scholarship, sort, page), cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = $"{model.Application.Name}: {model.CourseTitle}";
        return View(model);
    }

    /// <param name="next">The application after this one in the list, opened after saving when <paramref name="then"/> is "next".</param>
    [HttpPost("applications/{id:int}/score")]
    public async Task<IActionResult> Score(string slug, int id, List<int> scores, string? comment, string? then, int? next,
        string? state, string? country, string? scholarship, string? sort, int page = 1, CancellationToken cancellationToken = default)
    {
        if (!await MayReviewAsync(slug, cancellationToken)) return Forbid();
        var list = new ReviewFilter(state, country, scholarship, sort, page);
        // A score that cannot be read is left out of the list, which would move the next ones under the wrong criteria.
        if (ModelState.Where(e => e.Key.StartsWith(nameof(scores), StringComparison.OrdinalIgnoreCase))
            .Any(e => e.Value?.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)) scores = [];
        var error = await scoring.ScoreAsync(slug, id, Actor.From(User), scores, comment, cancellationToken);
        if (error is not null) return await RefuseAsync(slug, id, error, new TypedScores(scores, comment), list, cancellationToken);
        TempData["Notice"] = T["Your scores were saved."].Value;
        var opened = then == "next" && next is { } following ? following : id;
        return Redirect(list.Href($"/review/{slug}/applications/{opened}", list.Page));
    }

    private async Task<ApplicationReviewViewModel?> DetailsAsync(string slug, int id, ReviewFilter list, CancellationToken cancellationToken) =>
        await scoring.DetailsAsync(slug, id, UserId, IsAdmin, cancellationToken) is { } details
            ? details with { List = list, Neighbours = await query.NeighboursAsync(slug, list, id, UserId, cancellationToken) }
            : null;

    [HttpPost("decide")]
    [Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Decide(string slug, List<int> ids, Decision? decision, string? note, string? returnTo, CancellationToken cancellationToken)
    {
        // Sent back to the list with a problem, its form shows again what was chosen and typed: a note is not to be written
        // twice. Only there (an application's own page has its own form), and only a note the form could have sent.
        IActionResult Refused(string error)
        {
            TempData["Error"] = error;
            var back = SafeReturn(slug, returnTo);
            if (back.Split('?')[0] == $"/review/{slug}")
            {
                TempData["BulkNote"] = note is { Length: <= ApplicationRules.DecisionNoteMaxLength } ? note : null;
                TempData["BulkDecision"] = decision is { } kept && Enum.IsDefined(kept) ? kept.ToString() : null;
            }
            return Redirect(back);
        }
        // Nullable so that a form without a decision (or with one the site does not know) is refused, not read as "accept".
        if (decision is not { } chosen || !Enum.IsDefined(chosen)) return Refused(T["Choose a decision: accept, waitlist or reject."]);
        if (note is { Length: > ApplicationRules.DecisionNoteMaxLength }) return Refused(T["The note can be at most 1,000 characters."]);
        var ofCourse = await db.Applications.Where(a => ids.Contains(a.Id) && a.Course!.Slug == slug)
            .Select(a => new { a.Id, Average = a.Reviews.Any() ? a.Reviews.Average(r => r.Average) : (double?)null, a.SubmittedUtc })
            .ToListAsync(cancellationToken);
        // By merit, whatever order the list was sorted in: when seats run out, the best ranked get them and the rest
        // join the waitlist in that order.
        var courseIds = ApplicationRules.ByMerit(ofCourse, a => a.Average, a => a.SubmittedUtc, a => a.Id).Select(a => a.Id).ToList();
        if (courseIds.Count == 0) return Refused(T["Choose at least one application of this course."]);
        var results = new List<DecisionResult>();
        // One transaction per application: each holds the course lock only for its own decision.
        foreach (var id in courseIds)
        {
            results.Add(await workflow.DecideAsync(id, chosen, note, Actor.From(User), cancellationToken, decidedTogether: courseIds));
        }
        var waitlisted = chosen == Decision.Accept ? results.Where(r => r.Changed && r.State == ApplicationState.Waitlisted).Select(r => r.Name).ToList() : [];
        var promoted = results.SelectMany(r => r.Promoted).ToList();
        var notice = results.Count == 1
            ? results[0].Message
            : waitlisted.Count > 0
                ? results.Any(r => r.NoteLeftOut)
                    ? T["{0} of {1} applications changed. The course filled up: {2} put on the waitlist, without your note.", results.Count(r => r.Changed), results.Count, string.Join(", ", waitlisted)].Value
                    : T["{0} of {1} applications changed. The course filled up: {2} put on the waitlist.", results.Count(r => r.Changed), results.Count, string.Join(", ", waitlisted)].Value
                : T["{0} of {1} applications changed.", results.Count(r => r.Changed), results.Count].Value;
        // Seats the decisions freed went to people waiting: the coordinator hears who, as after a single decision.
        if (results.Count > 1 && promoted.Count > 0) notice = $"{notice} {T["Accepted from the waitlist into the free seats: {0}.", string.Join(", ", promoted)]}";
        TempData["Notice"] = notice;
        return Redirect(SafeReturn(slug, returnTo));
    }

    [HttpGet("scholarships")]
    [Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Scholarships(string slug, CancellationToken cancellationToken)
    {
        var model = await board.RunAsync(slug, UserId, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Scholarships: {0}", model.Title].Value;
        return View(model);
    }

    [HttpPost("scholarships/{id:int}/award")]
    [Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Award(string slug, int id, CancellationToken cancellationToken)
    {
        if (!await db.Applications.AnyAsync(a => a.Id == id && a.Course!.Slug == slug, cancellationToken)) return NotFound();
        var error = await scholarships.AwardAsync(id, Actor.From(User), cancellationToken);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ViewData["Error"] = error;
            var model = await board.RunAsync(slug, UserId, cancellationToken);
            ViewData["Title"] = T["Scholarships: {0}", model!.Title].Value;
            return View(nameof(Scholarships), model);
        }
        TempData["Notice"] = T["Scholarship offered to {0}, who has been told by mail.", await board.ApplicantNameAsync(id, cancellationToken)].Value;
        return RedirectToAction(nameof(Scholarships), new { slug });
    }

    private async Task<IActionResult> RefuseAsync(string slug, int id, string error, TypedScores typed, ReviewFilter list, CancellationToken cancellationToken)
    {
        var model = await DetailsAsync(slug, id, list, cancellationToken) is { } details ? details with { Typed = typed } : null;
        if (model is null) return NotFound();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        ViewData["Error"] = error;
        ViewData["Title"] = $"{model.Application.Name}: {model.CourseTitle}";
        return View(nameof(Application), model);
    }

    /// <summary>Admins always; instructors of the course when it lets them review.</summary>
    private async Task<bool> MayReviewAsync(string slug, CancellationToken cancellationToken) =>
        IsAdmin || await db.Courses.AnyAsync(c => c.Slug == slug && c.InstructorsReview, cancellationToken);

    private string SafeReturn(string slug, string? returnTo) =>
        Url.LocalOr(returnTo, $"/review/{slug}");
}
