using System.Security.Claims;
using CourseHub.Core.Learning;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Modules;

public sealed class ModulesController(ModulePageQuery query, Learning.ModuleProgress progress, Authoring.ModuleFiles files, IStringLocalizer<SharedResource> T) : Controller
{
    /// <summary>An image or attachment of a module, for exactly those who may read the module (never cached for others).</summary>
    [HttpGet("courses/{slug}/modules/{module}/files/{name}")]
    [AllowAnonymous]
    public async Task<IActionResult> Attachment(string slug, string module, string name, CancellationToken cancellationToken)
    {
        var (access, file) = await files.FindAsync(slug, module, name, User, cancellationToken);
        if (access is null) return await MovedAsync(slug, module, $"/files/{Uri.EscapeDataString(name)}", cancellationToken);
        if (file is null) return StatusCode(StatusCodes.Status403Forbidden);
        Response.Headers.CacheControl = "private, max-age=300";
        return file.ContentType.StartsWith("image/", StringComparison.Ordinal)
            ? File(file.Content, file.ContentType)
            : File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>
    /// Anyone may ask; who may read is decided per module (see <see cref="ModuleAccess"/>). Only anonymous
    /// 200 answers are cached, and anonymous visitors get 200 only for preview modules: the output cache
    /// never holds a module that is not public.
    /// </summary>
    [HttpGet("courses/{slug}/modules/{module}")]
    [AllowAnonymous]
    [OutputCache(PolicyName = MvcExtensions.PublicContentPolicy)]
    public async Task<IActionResult> Show(string slug, string module, CancellationToken cancellationToken)
    {
        var model = await query.RunAsync(slug, module, User, cancellationToken);
        if (model is null) return await MovedAsync(slug, module, "", cancellationToken);
        ViewData["Title"] = $"{model.Title} · {model.CourseTitle}";
        if (model.Access == ModuleAccessResult.Readable) return View(model);
        // The title says the module cannot be read, as its page does: a tab or a screen reader's first words too.
        ViewData["Title"] = (model.Access == ModuleAccessResult.NotYetReleased
            ? T["Not open yet: {0}", model.Title] : T["Only for participants: {0}", model.Title]).Value + $" · {model.CourseTitle}";
        var locked = View("Locked", model);
        locked.StatusCode = StatusCodes.Status403Forbidden;
        return locked;
    }

    /// <summary>An address a module had before it was renamed leads to its address now (for good: 301); any other, nowhere.</summary>
    private async Task<IActionResult> MovedAsync(string slug, string module, string rest, CancellationToken cancellationToken) =>
        await query.CurrentAddressAsync(slug, module, User, cancellationToken) is { } now
            ? RedirectPermanent($"/courses/{Uri.EscapeDataString(slug)}/modules/{Uri.EscapeDataString(now)}{rest}")
            : NotFound();

    /// <summary>A participant marks the module done (<c>done=true</c>) or not done again (<c>done=false</c>).</summary>
    [HttpPost("courses/{slug}/modules/{module}/done")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> MarkDone(string slug, string module, bool done, CancellationToken cancellationToken)
    {
        var result = await progress.MarkAsync(slug, module, User.FindFirstValue(ClaimTypes.NameIdentifier)!, done, cancellationToken);
        if (result == Learning.MarkResult.NotFound) return NotFound();
        if (result == Learning.MarkResult.Marked)
        {
            TempData["Notice"] = done ? T["Module marked as done."].Value : T["Module marked as not done."].Value;
        }
        return Redirect($"/courses/{slug}/modules/{module}");
    }
}
