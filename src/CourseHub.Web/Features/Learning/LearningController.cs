using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CourseHub.Core.Learning;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Learning;

public sealed record MyCourseItem(CourseProgress Progress, string? CertificateCode, bool CertificateRevoked);

public sealed record MyCoursesViewModel(IReadOnlyList<MyCourseItem> Courses)
{
    /// <summary>The courses the person teaches, newest first: an instructor's way to their tools.</summary>
    public IReadOnlyList<TaughtCourse> Teaching { get; init; } = [];
}

/// <param name="Reviews">The course's instructors score its applications.</param>
public sealed record TaughtCourse(string Slug, string Title, string Language, bool Published, DateOnly StartsOn, DateOnly EndsOn, bool Reviews);

public sealed record CertificateViewModel(
    string Code, string ParticipantName, string CourseTitle, string Organiser, string Language, DateOnly StartsOn, DateOnly EndsOn,
    int Hours, DateTime IssuedUtc, DateTime? RevokedUtc, string? RevokedReason, bool CanRevoke);

public sealed record RevokeForm
{
    [Required(ErrorMessage = "Give the reason for revoking the certificate.")]
    [StringLength(1000, ErrorMessage = "The reason can be at most 1,000 characters.")]
    public string? Reason { get; init; }
}

/// <summary>A participant's courses with their progress, and certificates: issued on demand, verifiable by anyone, revocable by admins.</summary>
public sealed class LearningController(CourseProgressQuery progress, CertificateIssuing certificates, CourseHubDbContext db, IStringLocalizer<SharedResource> T) : Controller
{
    [HttpGet("my-courses")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> MyCourses(CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var items = new List<MyCourseItem>();
        var issued = await db.Certificates.AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => new { c.CourseId, c.Code, Revoked = c.RevokedUtc != null }).ToListAsync(cancellationToken);
        foreach (var courseId in await progress.AcceptedCourseIdsAsync(userId, cancellationToken))
        {
            if (await progress.ForParticipantAsync(courseId, userId, cancellationToken) is not { } standing) continue;
            var certificate = issued.SingleOrDefault(c => c.CourseId == courseId);
            items.Add(new MyCourseItem(standing, certificate?.Code, certificate?.Revoked ?? false));
        }
        var teaching = await db.CourseInstructors.AsNoTracking().Where(i => i.UserId == userId)
            .OrderByDescending(i => i.Course!.StartsOn).ThenBy(i => i.Course!.Title)
            .Select(i => new TaughtCourse(i.Course!.Slug, i.Course.Title, i.Course.Language, i.Course.Published, i.Course.StartsOn, i.Course.EndsOn, i.Course.InstructorsReview))
            .ToListAsync(cancellationToken);
        ViewData["Title"] = T["My courses"].Value;
        return View(new MyCoursesViewModel(items) { Teaching = teaching });
    }

    [HttpPost("my-courses/{slug}/certificate")]
    [Authorize(Policy = Policies.SignedIn)]
    public async Task<IActionResult> IssueCertificate(string slug, CancellationToken cancellationToken)
    {
        var code = await certificates.IssueAsync(slug, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (code is null)
        {
            TempData["Notice"] = T["A certificate is issued once the course is over, every module is done and the attendance condition is met."].Value;
            return Redirect("/my-courses");
        }
        return Redirect($"/certificates/{code}");
    }

    /// <summary>The certificate, and its public verification: anyone with the code sees whether it is valid, and its facts.</summary>
    [HttpGet("certificates/{code}")]
    [AllowAnonymous]
    public async Task<IActionResult> Certificate(string code, CancellationToken cancellationToken)
    {
        var model = await CertificateAsync(code, cancellationToken);
        if (model is null)
        {
            ViewData["Title"] = T["Certificate not found"].Value;
            var unknown = View("CertificateUnknown", code);
            unknown.StatusCode = StatusCodes.Status404NotFound;
            return unknown;
        }
        ViewData["Title"] = model.RevokedUtc is null ? T["Certificate {0}", model.Code].Value : T["Certificate revoked"].Value;
        var result = View(model);
        if (model.RevokedUtc is not null) result.StatusCode = StatusCodes.Status410Gone;
        return result;
    }

    [HttpPost("certificates/{code}/revoke")]
    [Authorize(Policy = Policies.Admin)]
    public async Task<IActionResult> Revoke(string code, RevokeForm form, CancellationToken cancellationToken)
    {
        var model = await CertificateAsync(code, cancellationToken);
        if (model is null) return NotFound();
        if (!ModelState.IsValid)
        {
            ViewData["Title"] = T["Certificate {0}", model.Code].Value;
            var invalid = View(nameof(Certificate), model);
            invalid.StatusCode = model.RevokedUtc is null ? StatusCodes.Status400BadRequest : StatusCodes.Status410Gone;
            return invalid;
        }
        await certificates.RevokeAsync(model.Code, form.Reason!.Trim(), Audit.Actor.From(User), cancellationToken);
        return Redirect($"/certificates/{model.Code}");
    }

    private async Task<CertificateViewModel?> CertificateAsync(string code, CancellationToken cancellationToken)
    {
        if (CertificateCode.Normalise(code) is not { } normalised) return null;
        var canRevoke = User.IsInRole(Roles.Admin);
        var reader = User.FindFirstValue(ClaimTypes.NameIdentifier);
        // Why a certificate was revoked is between its holder and the institute: whoever verifies it learns that it was.
        return await db.Certificates.AsNoTracking().Where(c => c.Code == normalised)
            .Select(c => new CertificateViewModel(c.Code, c.ParticipantName, c.CourseTitle, c.Organiser, c.Language, c.StartsOn, c.EndsOn,
                c.Hours, c.IssuedUtc, c.RevokedUtc, canRevoke || (reader != null && c.UserId == reader) ? c.RevokedReason : null, canRevoke))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
