using System.Security.Claims;
using CourseHub.Web.Features.Shared;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Audit;

/// <summary>Who decided what, when — for admins.</summary>
[Route("admin/audit")]
[Authorize(Policy = Policies.Admin)]
public sealed class AuditController(AuditLogQuery query, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? course, string? what, string? who, string? from, string? to, int page = 1,
        CancellationToken cancellationToken = default)
    {
        var model = await query.RunAsync(new AuditFilter(course, what, who, from, to, page), User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        ViewData["Title"] = T["Audit log"].Value;
        ViewData[MvcExtensions.FormProblems] = model.Problems.Count > 0;
        return View(model);
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(int? course, string? what, string? who, string? from, string? to, string? @decimal,
        CancellationToken cancellationToken)
    {
        var model = await query.RunAsync(new AuditFilter(course, what, who, from, to), User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken, export: true);
        // An address whose filter cannot be read gets the page that says why, not a file of everything.
        if (model.Problems.Count > 0) return RedirectToAction(nameof(Index), new { course, what, who, from, to });
        // Names and decisions about people: not kept by the browser's cache or any cache on the way.
        Response.Headers.CacheControl = "no-store";
        return File(query.ToCsv(model.Rows, new AuditText(T), CsvDialect.Named(@decimal)), "text/csv; charset=utf-8", "audit-log.csv");
    }
}
