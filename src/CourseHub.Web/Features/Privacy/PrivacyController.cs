using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Features.Privacy;

/// <summary>
/// The privacy notice: what CourseHub keeps about a person, who sees it and how to take it back. Public, because
/// registering asks for it before anyone has an account; the signed-in side (download, delete) is "Your data".
/// </summary>
[AllowAnonymous]
[Route("privacy")]
public sealed class PrivacyController(IOptions<SiteOptions> site) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(model: site.Value.ContactEmail);
}
