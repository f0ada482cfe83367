using CourseHub.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Unsubscribe;

public sealed record UnsubscribeViewModel(string Address, string Token);

/// <summary>
/// The unsubscribe link of non-essential mail (the List-Unsubscribe header and the link in the
/// footer): it stops announcements to the address in the token, never essential mail.
/// </summary>
[AllowAnonymous]
[Route("mail/unsubscribe/{token}")]
public sealed class UnsubscribeController(UnsubscribeTokens tokens, UnsubscribeHandler handler, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public IActionResult Show(string token)
    {
        if (!tokens.TryRead(token, out var address)) return NotFound();
        ViewData["Title"] = T["Stop announcement emails"].Value;
        return View(new UnsubscribeViewModel(Display(address), token));
    }

    // Mail clients post here on the reader's behalf (RFC 8058 one-click unsubscribe), straight from the
    // List-Unsubscribe header and without ever loading our page, so they cannot carry an antiforgery
    // token. It is safe without one: the token in the URL, which only the site can make, authenticates
    // the request, and all it can do is stop announcements to the address it names.
    [HttpPost("")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Confirm(string token, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(token, out var address)) return NotFound();
        await handler.RunAsync(address, cancellationToken);
        ViewData["Title"] = T["You are unsubscribed"].Value;
        return View("Done", new UnsubscribeViewModel(Display(address), token));
    }

    /// <summary>Announcements again, from the page that confirmed the unsubscription (a person's own click, with its token).</summary>
    [HttpPost("undo")]
    public async Task<IActionResult> Undo(string token, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(token, out var address)) return NotFound();
        await handler.ResubscribeAsync(address, cancellationToken);
        ViewData["Title"] = T["Announcements are back on"].Value;
        return View("Resumed", new UnsubscribeViewModel(Display(address), token));
    }

    // Tokens carry the normalised (upper-case) address; people read addresses in lower case.
    private static string Display(string address) => address.ToLowerInvariant();
}
