using System.Security.Claims;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace CourseHub.Web.Features.Courses;

[AllowAnonymous]
[Route("courses/{slug}")]
public sealed class CoursesController(CourseDetailsQuery details, CourseCalendarQuery calendar) : Controller
{
    [HttpGet("")]
    [OutputCache(PolicyName = MvcExtensions.PublicContentPolicy)]
    public async Task<IActionResult> Details(string slug, CancellationToken cancellationToken)
    {
        var model = await details.RunAsync(slug, cancellationToken);
        var userId = User.Identity?.IsAuthenticated == true ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        // An unpublished course is there only for its staff, as a preview.
        if (model is { Published: false } && (userId is null || !await details.MayPreviewAsync(slug, userId, User.IsInRole(Roles.Admin), cancellationToken)))
        {
            model = null;
        }
        if (model is null) return NotFound();
        if (userId is not null) model = await details.ForVisitorAsync(model, userId, User.IsInRole(Roles.Admin), cancellationToken);
        ViewData["Title"] = model.Title;
        return View(model);
    }

    [HttpGet("calendar.ics")]
    [OutputCache(PolicyName = MvcExtensions.PublicContentPolicy)]
    public async Task<IActionResult> Calendar(string slug, CancellationToken cancellationToken)
    {
        var ics = await calendar.RunAsync(slug, cancellationToken);
        if (ics is null) return NotFound();
        return File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", $"{slug}.ics");
    }
}
