using System.Security.Claims;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Audit;

public sealed record AuditRow(
    DateTime AtUtc, string ActorName, string? CourseTitle, string? CourseSlug, int? ApplicationId, string? ApplicantName,
    string Action, string? Before, string? After, string? Note)
{
    /// <summary>The language of the course's title.</summary>
    public string? CourseLanguage { get; init; }
}

public sealed record AuditViewModel(IReadOnlyList<AuditRow> Rows, IReadOnlyList<(int Id, string Title, string Language)> Courses, int? CourseId, int Page, bool HasMore);

/// <summary>Who decided what, when — for admins.</summary>
[Route("admin/audit")]
[Authorize(Policy = Policies.Admin)]
public sealed class AuditController(CourseHubDbContext db, IStringLocalizer<SharedResource> T) : Controller
{
    private const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? course, int page = 1, CancellationToken cancellationToken = default)
    {
        IQueryable<AuditEntry> entries = db.AuditEntries.AsNoTracking();
        // The scores of an admin's own application (one who applied to a course) are the other reviewers'.
        // Looked up first (an admin seldom has any): a test on every row would make counting the log read it all.
        var reader = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var own = await db.Applications.Where(a => a.UserId == reader).Select(a => (int?)a.Id).ToListAsync(cancellationToken);
        if (own.Count > 0) entries = entries.Where(e => e.Action != Review.ReviewScoring.ScoredAction || !own.Contains(e.ApplicationId));
        if (course is not null) entries = entries.Where(e => e.CourseId == course);
        // A page beyond the last shows the last, as the outbox and user lists do (and no page number overflows).
        var pages = Math.Max(1, (await entries.CountAsync(cancellationToken) + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(e => new AuditRow(e.AtUtc, e.ActorName,
                db.Courses.Where(c => c.Id == e.CourseId).Select(c => c.Title).FirstOrDefault(),
                db.Courses.Where(c => c.Id == e.CourseId).Select(c => c.Slug).FirstOrDefault(),
                e.ApplicationId, db.Applications.Where(a => a.Id == e.ApplicationId).Select(a => a.User!.FullName).FirstOrDefault(),
                e.Action, e.Before, e.After, e.Note)
            {
                CourseLanguage = db.Courses.Where(c => c.Id == e.CourseId).Select(c => c.Language).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var all = await db.Courses.OrderBy(c => c.Title).ThenBy(c => c.Slug).Select(c => new { c.Id, c.Slug, c.Title, c.Language }).ToListAsync(cancellationToken);
        var labels = Shared.Labels.CourseChoices(all.Select(c => (c.Id, c.Slug, c.Title)).ToList());
        var courses = all.Select(c => (c.Id, labels[c.Id], c.Language)).ToList();
        ViewData["Title"] = T["Audit log"].Value;
        return View(new AuditViewModel(rows.Take(PageSize).ToList(), courses, course, page, rows.Count > PageSize));
    }
}
