using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CourseHub.Core.Enrolments;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Features.Sessions;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.CalendarFeed;

public sealed record CalendarFeedViewModel(string? FeedUrl, string? WebcalUrl);

/// <summary>
/// A personal calendar feed with every session of the person's accepted courses, at a secret address
/// that calendar programs subscribe to. The person can replace or turn off the address at any time,
/// without touching their password.
/// </summary>
public sealed class CalendarFeedController(CourseHubDbContext db, MailLayout layout, IStringLocalizer<SharedResource> T, TimeProvider clock) : Controller
{
    [HttpGet("calendar/{token}.ics")]
    [AllowAnonymous]
    public async Task<IActionResult> Feed(string token, CancellationToken cancellationToken)
    {
        // One person's sessions and join links, at a secret address: never in a search engine's index, even if it leaks.
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64) return NotFound();
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarFeedToken == token)
            .Select(u => new { u.Id, u.FullName, u.PreferredLanguage, u.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
        // A locked account's feed stops with its sign-in: it carries the sessions' join links.
        if (user is null || Users.UserAdministration.IsLockedByAdmin(user.LockoutEnd)) return NotFound();

        // The courses the person takes, and those they teach: an instructor's own sessions belong in their calendar too.
        // A participant's courses while they are published (an unpublished one is gone from the site for them, join
        // links and all); a teacher's courses always, as their pages are.
        var courseIds = db.Applications.Where(a => a.UserId == user.Id && a.State == ApplicationState.Accepted && a.Course!.Published).Select(a => a.CourseId)
            .Union(db.CourseInstructors.Where(i => i.UserId == user.Id).Select(i => i.CourseId));
        var courses = await db.Courses.AsNoTracking()
            .Where(c => courseIds.Contains(c.Id))
            .OrderBy(c => c.Id)
            .Select(c => new { c.Slug, c.Title, c.TimeZone, Sessions = c.Sessions.OrderBy(s => s.StartsUtc).ToList() })
            .ToListAsync(cancellationToken);
        var ics = CourseCalendar.PublishMany($"CourseHub: {user.FullName}",
            courses.Select(c => (new CalendarCourse(c.Title, c.TimeZone, layout.Link($"/courses/{c.Slug}"), layout.ZoneName(c.TimeZone, user.PreferredLanguage)),
                (IReadOnlyList<CalendarSession>)c.Sessions.Select(SessionInvitations.ToCalendar).ToList())),
            clock.GetUtcNow().UtcDateTime, user.PreferredLanguage);
        Response.Headers.CacheControl = "private, max-age=300";
        return File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "coursehub.ics");
    }

    [HttpGet("account/calendar")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> Show(CancellationToken cancellationToken)
    {
        var token = await db.Users.Where(u => u.Id == UserId).Select(u => u.CalendarFeedToken).SingleAsync(cancellationToken);
        ViewData["Title"] = T["Your calendar feed"].Value;
        return View(Model(token));
    }

    [HttpPost("account/calendar")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> Renew(CancellationToken cancellationToken)
    {
        var had = await db.Users.Where(u => u.Id == UserId).Select(u => u.CalendarFeedToken != null).SingleAsync(cancellationToken);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await db.Users.Where(u => u.Id == UserId).ExecuteUpdateAsync(set => set.SetProperty(u => u.CalendarFeedToken, token), cancellationToken);
        TempData["Notice"] = had
            ? T["Your calendar feed has a new address; the old one no longer works."].Value
            : T["Your calendar feed is on: add its address to your calendar program."].Value;
        return RedirectToAction(nameof(Show));
    }

    [HttpPost("account/calendar/off")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> TurnOff(CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == UserId).ExecuteUpdateAsync(set => set.SetProperty(u => u.CalendarFeedToken, (string?)null), cancellationToken);
        TempData["Notice"] = T["Your calendar feed is turned off."].Value;
        return RedirectToAction(nameof(Show));
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private CalendarFeedViewModel Model(string? token)
    {
        if (token is null) return new CalendarFeedViewModel(null, null);
        var url = layout.Link($"/calendar/{token}.ics");
        var webcal = "webcal://" + url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        return new CalendarFeedViewModel(url, webcal);
    }
}
