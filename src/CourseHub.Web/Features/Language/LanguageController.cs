using CourseHub.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

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
        return LocalRedirect(WithoutNamedLanguage(Url.LocalOr(returnUrl, "/")));
    }

    /// <summary>
    /// The page to go back to, without the language its link named (?lang=, from a mail): that would win over the
    /// choice just made, and the page would stay in the language the person switched away from.
    /// </summary>
    public static string WithoutNamedLanguage(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (address, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        var question = address.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return url;
        var query = QueryHelpers.ParseQuery(address[question..]);
        if (!query.Remove("lang")) return url;
        return QueryHelpers.AddQueryString(address[..question], query) + fragment;
    }
}
