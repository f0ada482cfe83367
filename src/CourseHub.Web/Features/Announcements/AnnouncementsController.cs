using System.Security.Claims;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Announcements;

[Route("courses/{slug}/announcements")]
[Authorize(Policy = Policies.CourseStaff)]
public sealed class AnnouncementsController(Announcing announcing, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var model = await announcing.PageAsync(slug, new AnnouncementForm { SubmissionId = Guid.NewGuid() }, null, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Announcements: {0}", model.CourseTitle].Value;
        return View(model);
    }

    [HttpPost("")]
    public async Task<IActionResult> Send(string slug, AnnouncementForm form, string? intent, CancellationToken cancellationToken)
    {
        var preview = intent == "preview" ? announcing.Preview(form.Markdown) : null;
        var model = await announcing.PageAsync(slug, form, preview, cancellationToken);
        if (model is null) return NotFound();
        ViewData["Title"] = T["Announcements: {0}", model.CourseTitle].Value;
        if (preview is not null)
        {
            ModelState.Clear();
            return View(nameof(Index), model);
        }
        if (!ModelState.IsValid) return View(nameof(Index), model);
        var sent = await announcing.SendAsync(slug, form, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.DisplayName(), cancellationToken);
        if (sent is null) return NotFound();
        if (sent.Changed)
        {
            // Back on a sent form, edited and sent again: the edit is kept on the form, to be sent as a new announcement.
            ModelState.AddModelError("", T["This form was sent already, so your changes were not sent. They are below: send them as a new announcement if that is what you meant."]);
            return View(nameof(Index), model with { Form = form with { SubmissionId = Guid.NewGuid() } });
        }
        TempData["Notice"] = sent.AlreadySent
            ? T["This announcement had already been sent; it was not sent again."].Value
            : string.Join(' ', new[]
            {
                sent.Recipients switch
                {
                    0 when sent.Unsubscribed == 0 => T["The announcement is on the course page; nobody has been accepted yet, so no mail was sent."].Value,
                    1 => T["Announcement sent to 1 participant."].Value,
                    var n => T["Announcement sent to {0} participants.", n].Value,
                },
                sent.Unsubscribed switch
                {
                    0 => "",
                    1 => T["1 participant who turned announcements off will find it on the course page."].Value,
                    var n => T["{0} participants who turned announcements off will find it on the course page.", n].Value,
                },
            }).Trim();
        return RedirectToAction(nameof(Index), new { slug });
    }
}
