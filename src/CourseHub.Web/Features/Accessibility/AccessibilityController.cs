using System.ComponentModel.DataAnnotations;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Hosting;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Accessibility;

public sealed record BarrierReportForm
{
    [StringLength(500, ErrorMessage = "The address can be at most 500 characters.")]
    [Display(Name = "Page where you met the barrier (optional)")]
    public string? Page { get; init; }

    [Required(ErrorMessage = "Describe the barrier you met.")]
    [StringLength(2000, ErrorMessage = "The description can be at most 2,000 characters.")]
    [Display(Name = "What happened")]
    public string Description { get; init; } = "";

    [Shared.PlainEmail(ErrorMessage = "Enter an email address like name@institution.gov.")]
    [StringLength(254, ErrorMessage = "{0} can be at most {1} characters.")]
    [Display(Name = "Your email, if you want an answer (optional)")]
    public string? Email { get; init; }
}

/// <summary>The accessibility statement, and a way for anyone to report a barrier to the programme team.</summary>
[AllowAnonymous]
[Route("accessibility")]
public sealed class AccessibilityController(CourseHubDbContext db, Outbox outbox, MailLayout layout, IOptions<SiteOptions> site, IStringLocalizer<SharedResource> T) : Controller
{
    public const string BarrierReportKind = "accessibility.report";

    [HttpGet("")]
    public IActionResult Index(string? page) => View(new BarrierReportForm { Page = page });

    [HttpPost("")]
    [EnableRateLimiting(SecurityExtensions.AuthRateLimit)]
    public async Task<IActionResult> Index(BarrierReportForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return View(form);
        var paragraphs = new List<string> { form.Description.Trim() };
        if (!string.IsNullOrWhiteSpace(form.Page)) paragraphs.Add($"Page: {form.Page.Trim()}");
        paragraphs.Add(string.IsNullOrWhiteSpace(form.Email) ? "The person left no address." : $"Reply to: {form.Email.Trim()}");
        await outbox.EnqueueAsync(BarrierReportKind, $"{BarrierReportKind}:{Guid.NewGuid():N}",
            new MailRecipient(site.Value.ContactEmail, site.Value.Name, "en"),
            layout.Compose("en", "Accessibility barrier reported", "A visitor reported a barrier on the site:", paragraphs),
            cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = T["Thank you. Your report reached the programme team; if you left an address, they will answer you."].Value;
        return RedirectToAction(nameof(Index));
    }
}
