using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.CourseAdmin;

/// <summary>Every course, published or not, for programme coordinators: create, edit, publish, unpublish.</summary>
[Route("admin/courses")]
[Authorize(Policy = Policies.Admin)]
public sealed class CourseAdminController(CourseAdministration administration, Users.UserAdministration people, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Title"] = T["Courses"].Value;
        return View(await administration.ListAsync(cancellationToken));
    }

    [HttpGet("new")]
    public IActionResult New()
    {
        ViewData["Title"] = T["New course"].Value;
        return View("Edit", new CourseEditorViewModel(null, null, false, false, new CourseForm { Phases = CourseForms.WithSpareRows([]) }));
    }

    [HttpPost("new")]
    public async Task<IActionResult> Create(CourseForm form, CancellationToken cancellationToken)
    {
        var saved = ModelState.IsValid
            ? await administration.CreateAsync(form, Actor.From(User), cancellationToken)
            : new CourseSaveResult(null, OtherProblems(form.Slug?.Trim().ToLowerInvariant() ?? "", form));
        if (!saved.Saved || !ModelState.IsValid)
        {
            ViewData["Title"] = T["New course"].Value;
            return Refused(saved, new CourseEditorViewModel(null, null, false, false, form with { Phases = CourseForms.WithSpareRows(form.Phases) }));
        }
        TempData["Notice"] = T["Course created. It is not published yet: publish it when it is ready for the catalogue."].Value;
        return RedirectToAction(nameof(Edit), new { slug = saved.Slug });
    }

    [HttpGet("{slug}/edit")]
    public async Task<IActionResult> Edit(string slug, CancellationToken cancellationToken)
    {
        var model = await administration.EditorAsync(slug, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Edit: {0}", model.Title!].Value;
        return View(model);
    }

    [HttpPost("{slug}/edit")]
    public async Task<IActionResult> Edit([FromRoute] string slug, CourseForm form, CancellationToken cancellationToken)
    {
        var model = await administration.EditorAsync(slug, form, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Edit: {0}", model.Title!].Value;
        // A value the binder could not read (a word in a number field) is refused without saving anything.
        var saved = ModelState.IsValid
            ? await administration.UpdateAsync(slug, form, Actor.From(User), cancellationToken)
            : new CourseSaveResult(null, OtherProblems(slug, form));
        if (saved is null) return NotFound();
        // Told of the other save, the admin may save again on purpose: the form now stands on the version stored.
        if (saved.StoredVersion is { } stored) model = model with { Form = model.Form with { Opened = stored } };
        if (!saved.Saved || !ModelState.IsValid) return Refused(saved, model);
        TempData["Notice"] = string.Join(" ", new[]
        {
            saved.Promoted.Count == 0
                ? T["Course saved."].Value
                : T["Course saved. The new seats went to the first on the waitlist, who were told: {0}.", string.Join(", ", saved.Promoted)].Value,
            saved.ToldOfNewDates switch
            {
                0 => null,
                1 => T["The accepted participant was mailed the new dates."].Value,
                var n => T["The {0} accepted participants were mailed the new dates.", n].Value,
            },
            saved.SessionsOutsideDates switch
            {
                0 => null,
                1 => T["One live session still to come falls outside the new dates: move or cancel it on the sessions page if it should not."].Value,
                var n => T["{0} live sessions still to come fall outside the new dates: move or cancel them on the sessions page if they should not.", n].Value,
            },
        }.OfType<string>());
        return RedirectToAction(nameof(Edit), new { slug });
    }

    /// <summary>Unpublishing takes the course's pages from its participants too, so the button on the list only asks.</summary>
    [HttpGet("{slug}/unpublish")]
    public async Task<IActionResult> Unpublish(string slug, string? returnTo, CancellationToken cancellationToken)
    {
        var question = await administration.UnpublishQuestionAsync(slug, cancellationToken);
        if (question is null) return NotFound();
        if (!question.Published) return RedirectToAction(nameof(Edit), new { slug });
        ViewData["Title"] = T["Unpublish {0}?", question.Title].Value;
        ViewData["ReturnTo"] = returnTo == "edit" ? "edit" : null;
        return View(question);
    }

    [HttpPost("{slug}/instructors")]
    public async Task<IActionResult> AddInstructor(string slug, string? email)
    {
        var (message, refused) = await people.AssignCourseByEmailAsync(slug, email, Actor.From(User));
        TempData[refused ? "Error" : "Notice"] = message;
        // A refused address comes back in its box, to be corrected rather than typed again.
        if (refused) TempData["InstructorEmail"] = email;
        return Redirect($"/admin/courses/{Uri.EscapeDataString(slug)}/edit#instructors-heading");
    }

    [HttpPost("{slug}/instructors/{userId}/remove")]
    public async Task<IActionResult> RemoveInstructor(string slug, string userId)
    {
        var (message, refused) = await people.UnassignCourseBySlugAsync(slug, userId, Actor.From(User));
        TempData[refused ? "Error" : "Notice"] = message;
        return Redirect($"/admin/courses/{Uri.EscapeDataString(slug)}/edit#instructors-heading");
    }

    [HttpPost("{slug}/publish")]
    public async Task<IActionResult> Publish(string slug, bool published, string? returnTo, CancellationToken cancellationToken)
    {
        if (await administration.SetPublishedAsync(slug, published, Actor.From(User), cancellationToken) is null) return NotFound();
        TempData["Notice"] = published
            ? T["Course published: it is in the catalogue."].Value
            : T["Course unpublished: it is no longer in the catalogue, and its pages are not public."].Value;
        return returnTo == "edit" ? RedirectToAction(nameof(Edit), new { slug }) : RedirectToAction(nameof(Index));
    }

    /// <summary>The form again, as typed, with each problem next to its field; nothing was saved.</summary>
    /// <summary>
    /// When a value could not be read at all, the content rules still judge the rest, so that every problem
    /// shows at once rather than one per submit; fields the binder already refused keep only its message.
    /// </summary>
    private Dictionary<string, string> OtherProblems(string slug, CourseForm form) =>
        CourseForms.Read(slug, form, published: false).Errors
            .Where(e => ModelState[e.Key] is not { Errors.Count: > 0 })
            .ToDictionary(e => e.Key, e => e.Value);

    private ViewResult Refused(CourseSaveResult saved, CourseEditorViewModel model)
    {
        foreach (var (field, message) in saved.Errors) ModelState.AddModelError(field, CourseForms.Localized(message, T));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Edit", model);
    }
}
