using System.Security.Claims;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Users;

[Route("admin/users")]
[Authorize(Policy = Policies.Admin)]
public sealed class UsersController(UserAdministration administration, IStringLocalizer<SharedResource> T) : Controller
{
    private string CurrentUserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, string? role, int page = 1, CancellationToken cancellationToken = default)
    {
        ViewData["Title"] = T["Users"].Value;
        return View(await administration.ListAsync(q, role, page, cancellationToken));
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Details(string id, CancellationToken cancellationToken)
    {
        var model = await administration.DetailsAsync(id, CurrentUserId, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = model.User.FullName;
        return View(model);
    }

    [HttpPost("{id}/roles")]
    public async Task<IActionResult> SetRole(string id, string? role, bool grant, CancellationToken cancellationToken) =>
        await DoneAsync(id, await administration.SetRoleAsync(id, role ?? "", grant, Actor.From(User)),
            grant ? T["{0} role given.", T[role ?? ""]].Value : T["{0} role removed.", T[role ?? ""]].Value, cancellationToken);

    [HttpPost("{id}/lock")]
    public async Task<IActionResult> Lock(string id, CancellationToken cancellationToken) =>
        await DoneAsync(id, await administration.SetLockedAsync(id, locked: true, Actor.From(User)), T["Account locked; its sessions were ended."], cancellationToken);

    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, CancellationToken cancellationToken) =>
        await DoneAsync(id, await administration.SetLockedAsync(id, locked: false, Actor.From(User)), T["Account unlocked."], cancellationToken);

    [HttpPost("{id}/courses")]
    public async Task<IActionResult> AssignCourse(string id, int courseId, CancellationToken cancellationToken) =>
        await DoneAsync(id, await administration.AssignCourseAsync(id, courseId, Actor.From(User)),
            T["Now an instructor of “{0}”.", await administration.CourseTitleAsync(courseId) ?? ""], cancellationToken);

    [HttpPost("{id}/courses/{courseId:int}/remove")]
    public async Task<IActionResult> UnassignCourse(string id, int courseId, CancellationToken cancellationToken)
    {
        var title = await administration.CourseTitleAsync(courseId) ?? "";
        return await DoneAsync(id, await administration.UnassignCourseAsync(id, courseId, Actor.From(User)), T["No longer an instructor of “{0}”.", title], cancellationToken);
    }

    /// <summary>Success goes back to the person's page; a refused change shows that page again with the reason, as a 400.</summary>
    private async Task<IActionResult> DoneAsync(string id, string? error, string notice, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            TempData["Notice"] = notice;
            return RedirectToAction(nameof(Details), new { id });
        }
        var model = await administration.DetailsAsync(id, CurrentUserId, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = model.User.FullName;
        ViewData["Error"] = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Details), model);
    }
}
