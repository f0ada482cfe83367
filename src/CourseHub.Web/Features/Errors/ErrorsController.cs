using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CourseHub.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string Heading, string Message);

/// <summary>The pages a person sees when something is missing or goes wrong, with the right status code.</summary>
[AllowAnonymous]
// Error pages are re-executed with the failed request's method: a refused POST must still get its page.
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController(Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> T) : Controller
{
    // No parameters to bind: the re-executed request keeps the failed one's body, and when that is a form the
    // framework cannot read (a NUL character, a body over the limit), binding anything at all fails, which
    // turned its 400 into a 500 "Error 0". The code is read from the route as it matched.
    [Route("error/{code:int}")]
    public IActionResult Show()
    {
        var code = Convert.ToInt32(RouteData.Values["code"], System.Globalization.CultureInfo.InvariantCulture);
        var model = code switch
        {
            404 => new ErrorViewModel(404, T["Page not found"], T["We could not find that page. The course or module may have been renamed or removed."]),
            403 => new ErrorViewModel(403, T["Not allowed"], T["You do not have access to this page."]),
            400 => new ErrorViewModel(400, T["Bad request"], T["The request could not be understood. Please go back and try again."]),
            405 => new ErrorViewModel(405, T["Not available at this address"], T["This page is reached through a button or a form of the site, not by typing its address. Go back and use the button."]),
            413 => new ErrorViewModel(413, T["Too large"], T["What you sent is larger than this page accepts. Files you upload can be at most 5 MB."]),
            429 => new ErrorViewModel(429, T["Too many requests"],
                T["Too many attempts came from your network in the last minute. Wait a minute, then go back and send the form again: your browser keeps what you typed."]),
            // Not an error at all (someone typed /error/0 or /error/200): there is no such page.
            < 400 or > 599 => new ErrorViewModel(404, T["Page not found"], T["We could not find that page. The course or module may have been renamed or removed."]),
            >= 500 => new ErrorViewModel(500, T["Something went wrong"], T["The page could not be shown because of an error on our side. Nothing you submitted was lost; please try again in a moment."]),
            _ => new ErrorViewModel(code, T["Something went wrong"], T["The page could not be shown."]),
        };
        Response.StatusCode = code is >= 400 and <= 599 ? code : model.StatusCode;
        ViewData["Title"] = model.Heading;
        return View(model);
    }
}
