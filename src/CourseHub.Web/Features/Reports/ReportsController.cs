using CourseHub.Web.Features.Shared;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Reports;

/// <summary>Applications and scholarships in figures, for programme coordinators and the funders they report to.</summary>
[Route("admin/reports")]
[Authorize(Policy = Policies.Admin)]
public sealed class ReportsController(ApplicationReportQuery query, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? by, int? course, int? year, CancellationToken cancellationToken)
    {
        var report = await query.RunAsync(Dimension(by), course, year, cancellationToken);
        if (report is null) return NotFound();
        ViewData["Title"] = T["Reports"].Value;
        return View(report);
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(string? by, int? course, int? year, string? @decimal, CancellationToken cancellationToken)
    {
        var report = await query.RunAsync(Dimension(by), course, year, cancellationToken);
        if (report is null) return NotFound();
        var name = $"applications-{report.Scope}-by-{report.By.ToString().ToLowerInvariant()}.csv";
        return File(query.ToCsv(report, CsvDialect.Named(@decimal)), "text/csv; charset=utf-8", name);
    }

    // Like the catalogue's filters: an address with an unknown grouping shows the default one.
    // By name only: "by=1" is no grouping's name, and is not read as whichever stands second.
    private static ReportDimension Dimension(string? by) =>
        Enum.GetValues<ReportDimension>().FirstOrDefault(d => string.Equals(d.ToString(), by?.Trim(), StringComparison.OrdinalIgnoreCase), ReportDimension.Country);
}
