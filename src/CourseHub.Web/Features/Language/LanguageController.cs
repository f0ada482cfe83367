using CourseHub.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CourseHub.Web.Features.Language;

/// <summary>The language switch in the header: remembers the choice in a cookie for a year.</summary>
[AllowAnonymous]
public sealed class LanguageController : Controller
{
    [HttpGet("language/{culture}")]
    public IActionResult Switch(string culture, string? returnUrl)
    {
        if (!LocalizationExtensions.Cultures.Any(c => c.Name == culture)) return NotFound();
        LocalizationExtensions.Remember(Response, culture);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
