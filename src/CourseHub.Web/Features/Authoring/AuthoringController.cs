using System.Globalization;
using System.Security.Claims;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Authoring;

/// <summary>The modules of a course, written in the browser by its instructors (and admins).</summary>
[Route("courses/{slug}/authoring")]
[Authorize(Policy = Policies.CourseStaff)]
public sealed class AuthoringController(ModuleEditing editing, ModuleFiles files, CourseExport export, DescriptionEditing description,
    IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var model = await editing.IndexAsync(slug, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Modules: {0}", model.CourseTitle].Value;
        return View(model);
    }

    /// <summary>The course and its published modules as a content folder in a zip, to put back into git.</summary>
    [HttpGet("export")]
    public async Task<IActionResult> Export(string slug, CancellationToken cancellationToken)
    {
        var zip = await export.ZipAsync(slug, cancellationToken);
        return zip is null ? NotFound() : File(zip, "application/zip", $"{slug}.zip");
    }

    /// <summary>The course description, the body of <c>course.md</c>, with the same preview as modules.</summary>
    [HttpGet("description")]
    public async Task<IActionResult> Description(string slug, CancellationToken cancellationToken)
    {
        var model = await description.EditorAsync(slug, null, null, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Course description: {0}", model.CourseTitle].Value;
        return View(model);
    }

    [HttpPost("description")]
    public async Task<IActionResult> Description(string slug, DescriptionForm form, string? intent, CancellationToken cancellationToken)
    {
        var preview = intent == "preview" ? description.Preview(form.Markdown) : null;
        var model = await description.EditorAsync(slug, form, preview, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Course description: {0}", model.CourseTitle].Value;
        if (preview is not null)
        {
            ModelState.Clear();
            return View(model);
        }
        if (!ModelState.IsValid) return View(model);
        var saved = await description.SaveAsync(slug, form, Audit.Actor.From(User), cancellationToken);
        if (saved == DescriptionSave.NotFound) return NotFound();
        if (saved == DescriptionSave.SavedMeanwhile)
        {
            // Told of the other save, the instructor may save again on purpose: the form now stands on the text stored.
            var stored = await description.EditorAsync(slug, null, null, cancellationToken);
            ModelState.AddModelError("", T["Someone else saved this description after you opened it. Your text is below and is not saved: compare it with the course's page, then save again to replace theirs."]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(model with { Form = form with { Opened = stored!.Form.Opened } });
        }
        TempData["Notice"] = T["Description saved."].Value;
        return RedirectToAction(nameof(Description), new { slug });
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(string slug, CancellationToken cancellationToken)
    {
        var model = await editing.EditorAsync(slug, null, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["New module: {0}", model.CourseTitle].Value;
        return View("Edit", model with { Form = model.Form with { Published = false } });
    }

    // The course comes from the route: the form has a field "Slug" of its own (the module's address).
    [HttpPost("new")]
    public Task<IActionResult> Create([FromRoute] string slug, ModuleForm form, string? intent, CancellationToken cancellationToken) =>
        SaveAsync(slug, null, form, intent, cancellationToken);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(string slug, int id, CancellationToken cancellationToken)
    {
        var model = await editing.EditorAsync(slug, id, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Edit: {0}", model.Form.Title ?? ""].Value;
        return View(model with { Files = await files.ListAsync(slug, id, cancellationToken) });
    }

    [HttpPost("{id:int}/files")]
    [RequestSizeLimit(ModuleFiles.LargestRequest)]
    [RequestFormLimits(MultipartBodyLengthLimit = ModuleFiles.LargestRequest)]
    public async Task<IActionResult> Upload(string slug, int id, IFormFile? file, CancellationToken cancellationToken)
    {
        var result = await files.UploadAsync(slug, id, file, User.DisplayName(), cancellationToken);
        if (result.Error is { } error) TempData["Error"] = error;
        else if (result.Replaced) TempData["Notice"] = T["File uploaded as {0}, in place of the earlier file of that name: links to it now show the new one.", result.StoredAs!].Value;
        else TempData["Notice"] = T["File uploaded as {0}: paste its Markdown into the text to show it.", result.StoredAs!].Value;
        return RedirectToAction(nameof(Edit), new { slug, id });
    }

    /// <summary>Asks first, saying whether the module's text still uses the file: a deletion cannot be undone.</summary>
    [HttpGet("{id:int}/files/{fileId:int}/delete")]
    public async Task<IActionResult> ConfirmDeleteFile(string slug, int id, int fileId, CancellationToken cancellationToken)
    {
        var model = await files.DeletionAsync(slug, id, fileId, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Delete {0}?", model.File.FileName].Value;
        return View("DeleteFile", model);
    }

    [HttpPost("{id:int}/files/{fileId:int}/delete")]
    public async Task<IActionResult> DeleteFile(string slug, int id, int fileId, CancellationToken cancellationToken)
    {
        if (!await files.DeleteAsync(slug, id, fileId, cancellationToken)) return NotFound();
        TempData["Notice"] = T["File deleted."].Value;
        return RedirectToAction(nameof(Edit), new { slug, id });
    }

    [HttpPost("{id:int}")]
    public Task<IActionResult> Save([FromRoute] string slug, int id, ModuleForm form, string? intent, CancellationToken cancellationToken) =>
        SaveAsync(slug, id, form, intent, cancellationToken);

    /// <summary>The rendering of the posted Markdown, by the same renderer as the module page: for the live preview.</summary>
    [HttpPost("preview")]
    public IActionResult Preview(string? markdown) => Content(Shared.Prose.Show(editing.Preview(markdown), T).ToString()!, "text/html; charset=utf-8");

    /// <summary>The rendering of the posted description, as the course page will show it (beneath its own headings).</summary>
    [HttpPost("description/preview")]
    public IActionResult DescriptionPreview(string? markdown) =>
        Content(Shared.Prose.Show(description.Preview(markdown) ?? $"<p class=\"text-danger\">{System.Net.WebUtility.HtmlEncode(T["The description can be at most 100,000 characters."])}</p>", T).ToString()!,
            "text/html; charset=utf-8");

    [HttpPost("{id:int}/move")]
    public async Task<IActionResult> Move(string slug, int id, string? direction, CancellationToken cancellationToken)
    {
        if (!await editing.MoveAsync(slug, id, direction == "up" ? -1 : direction == "down" ? 1 : 0, cancellationToken)) return NotFound();
        return RedirectToAction(nameof(Index), new { slug });
    }

    [HttpPost("{id:int}/publish")]
    public async Task<IActionResult> Publish(string slug, int id, bool published, CancellationToken cancellationToken)
    {
        if (await editing.SetPublishedAsync(slug, id, published, Audit.Actor.From(User), cancellationToken) is not { } days) return NotFound();
        TempData["Notice"] = !published ? T["Module unpublished: participants no longer see it."].Value
            : ModuleEditorViewModel.OpensAfterTheCourse(days.ReleaseOn, days.CourseEndsOn)
                ? T["Module published. It opens on {0}, after the course's last day ({1}): participants can read it only once the course is over, and their certificates wait until they have done it.",
                    days.ReleaseOn!.Value.ToString("d MMM yyyy", CultureInfo.CurrentCulture), days.CourseEndsOn.ToString("d MMM yyyy", CultureInfo.CurrentCulture)].Value
                : T["Module published."].Value;
        return RedirectToAction(nameof(Index), new { slug });
    }

    /// <summary>Deleting cannot be undone: the page says what goes with the module before its button does it.</summary>
    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(string slug, int id, CancellationToken cancellationToken)
    {
        var model = await editing.DeletionAsync(slug, id, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Delete this module?"].Value;
        return View(model);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> ConfirmDelete(string slug, int id, CancellationToken cancellationToken)
    {
        var model = await editing.DeletionAsync(slug, id, cancellationToken);
        if (model is null) return NotFound();
        if (await editing.DeleteAsync(slug, id, Audit.Actor.From(User), cancellationToken) is { } refusal)
        {
            ViewData["Title"] = T["Delete this module?"].Value;
            ViewData["Error"] = refusal;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(nameof(Delete), model);
        }
        TempData["Notice"] = T["Module “{0}” deleted.", model.Title].Value;
        return RedirectToAction(nameof(Index), new { slug });
    }

    [HttpGet("{id:int}/revisions")]
    public async Task<IActionResult> Revisions(string slug, int id, CancellationToken cancellationToken)
    {
        var model = await editing.RevisionsAsync(slug, id, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Revisions: {0}", model.ModuleTitle].Value;
        return View(model);
    }

    [HttpGet("{id:int}/revisions/{revisionId:int}")]
    public async Task<IActionResult> Revision(string slug, int id, int revisionId, CancellationToken cancellationToken)
    {
        var model = await editing.RevisionAsync(slug, id, revisionId, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Revision of {0}", model.ModuleTitle].Value;
        return View(model);
    }

    [HttpPost("{id:int}/revisions/{revisionId:int}/restore")]
    public async Task<IActionResult> Restore(string slug, int id, int revisionId, CancellationToken cancellationToken)
    {
        var restored = await editing.RestoreAsync(slug, id, revisionId, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.DisplayName(), cancellationToken);
        if (restored is null) return NotFound();
        TempData["Notice"] = restored.Value
            ? T["Revision restored; the restoration is saved as a new revision."].Value
            : T["That revision is the current text already; nothing was changed."].Value;
        return RedirectToAction(nameof(Edit), new { slug, id });
    }

    private async Task<IActionResult> SaveAsync(string slug, int? id, ModuleForm form, string? intent, CancellationToken cancellationToken)
    {
        var model = await editing.EditorAsync(slug, id, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = id is null ? T["New module: {0}", model.CourseTitle].Value : T["Edit: {0}", model.Form.Title ?? ""].Value;
        var stored = model.Form;
        model = model with { Form = form, Files = id is { } moduleId ? await files.ListAsync(slug, moduleId, cancellationToken) : [] };
        // "Preview" renders the text without saving: the editor works without JavaScript.
        if (intent == "preview")
        {
            ModelState.Clear();
            return View("Edit", model with { PreviewHtml = editing.Preview(form.Markdown) });
        }
        if (!ModelState.IsValid) return View("Edit", model);
        var saved = await editing.SaveAsync(slug, id, form, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.DisplayName(), cancellationToken);
        if (saved is null) return NotFound();
        if (saved.Value.Errors.Count > 0)
        {
            foreach (var (field, message) in saved.Value.Errors) ModelState.AddModelError(field, message);
            // Told of the other save, the author may save again on purpose: the form now stands on the version stored.
            if (saved.Value.Errors.ContainsKey(ModuleEditing.ConflictKey)) model = model with { Form = form with { Opened = stored.Opened } };
            return View("Edit", model);
        }
        TempData["Notice"] = form.Published && ModuleEditorViewModel.OpensAfterTheCourse(form.ReleaseOn, model.CourseDays.EndsOn)
            ? T["Module saved. It opens on {0}, after the course's last day ({1}): participants can read it only once the course is over, and their certificates wait until they have done it.",
                form.ReleaseOn!.Value.ToString("d MMM yyyy", CultureInfo.CurrentCulture), model.CourseDays.EndsOn.ToString("d MMM yyyy", CultureInfo.CurrentCulture)].Value
            : T["Module saved."].Value;
        return RedirectToAction(nameof(Edit), new { slug, id = saved.Value.Id });
    }
}
