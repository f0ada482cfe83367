using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Applications;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Endorsements;

public sealed record EndorsementViewModel(string Token, string Applicant, string Position, string Institution, string CourseTitle,
    string CourseLanguage, string Motivation, EndorsementState State, string? SupervisorName, bool Replaced, bool NoLongerConsidered)
{
    public bool Expired { get; init; }

    /// <summary>The course's days and phases: what the supervisor weighs is the time away from work, and where.</summary>
    public ApplicationMails.PlaceIn Place { get; init; } = null!;

    /// <summary>
    /// The link can no longer take an answer: the applicant has since sent the request to someone else or
    /// again, or the application was withdrawn or rejected, or the link expired, before the supervisor answered.
    /// </summary>
    public bool Spent => Replaced || (State == EndorsementState.Pending && (NoLongerConsidered || Expired));
}

/// <summary>A supervisor endorses or declines an application through the signed link mailed to them; no account needed.</summary>
[AllowAnonymous]
[Route("endorsements/{token}")]
public sealed class EndorsementsController(
    EndorsementLinks links, CourseHubDbContext db, Outbox outbox, ApplicationMails mails, MailLayout mailLayout, AuditLog audit, IStringLocalizer<SharedResource> T,
    TimeProvider clock) : Controller
{
    /// <summary>A supervisor holding a link that leads nowhere is told what to do about it, not that a course was renamed.</summary>
    private ViewResult Unknown()
    {
        ViewData["Title"] = T["This endorsement link is not valid"].Value;
        var page = View("Unknown");
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }

    [HttpGet("")]
    public async Task<IActionResult> Show(string token, CancellationToken cancellationToken)
    {
        // A page for one person, reached by a mailed link: never in a search engine's index, even if the link leaks.
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        var model = await LoadAsync(token, cancellationToken);
        if (model is null) return Unknown();
        if (model.Spent) Response.StatusCode = StatusCodes.Status410Gone;
        ViewData["Title"] = model.Spent ? T["This link no longer works"].Value : T["Endorse an application"].Value;
        return View(model);
    }

    public const int MaxCommentLength = 1000;

    [HttpPost("")]
    public async Task<IActionResult> Answer(string token, bool endorse, string? comment, string? lang, CancellationToken cancellationToken)
    {
        var link = links.Read(token);
        if (link is null) return Unknown();
        var application = await db.Applications.AsNoTracking().Include(a => a.Course).Include(a => a.User).SingleOrDefaultAsync(a => a.Id == link.ApplicationId, cancellationToken);
        if (application is null) return Unknown();
        if (link.HasExpiredAt(clock.GetUtcNow())) return RedirectToAction(nameof(Show), new { token, lang });
        var answer = endorse ? EndorsementState.Endorsed : EndorsementState.Declined;
        var trimmed = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (trimmed is { Length: > MaxCommentLength })
        {
            // The form allows no more; a longer one is refused rather than cut.
            TempData["Error"] = T["The comment can be at most 1,000 characters."].Value;
            return RedirectToAction(nameof(Show), new { token, lang });
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only a pending request takes an answer: of two answers sent at once (a double click, the link opened
        // twice), the first recorded is the answer, and the other is told so instead of overwriting it.
        var recorded = await db.Applications
            .Where(a => a.Id == application.Id && a.Endorsement == EndorsementState.Pending && a.EndorsementRequest == link.Request
                && a.State != ApplicationState.Withdrawn && a.State != ApplicationState.Rejected)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Endorsement, answer)
                .SetProperty(a => a.EndorsementComment, trimmed)
                .SetProperty(a => a.EndorsementUtc, now), cancellationToken);
        if (recorded == 0)
        {
            // Answered already, replaced by a newer request, or no longer needed: the page says which.
            if (application.EndorsementRequest == link.Request && application.Endorsement != EndorsementState.Pending)
            {
                TempData["Notice"] = T["This request has already been answered; thank you."].Value;
            }
            return RedirectToAction(nameof(Show), new { token, lang });
        }
        var supervisor = application.SupervisorName ?? application.SupervisorEmail ?? "Supervisor";
        audit.Record(new Actor(null, supervisor), "application.endorsed", application.CourseId, application.Id,
            nameof(EndorsementState.Pending), answer.ToString());
        if (application.User is { } user)
        {
            await outbox.EnqueueAsync(ApplicationMails.EndorsementRecordedKind, $"{ApplicationMails.EndorsementRecordedKind}:{application.Id}:{link.Request}",
                new MailRecipient(user.Email!, user.FullName, user.PreferredLanguage),
                mails.EndorsementRecorded(user.PreferredLanguage, Addressee.Of(user), application.Course!.Title, supervisor, endorse, trimmed),
                cancellationToken: cancellationToken);
        }
        if (!endorse && application.User is not null && application.State is ApplicationState.Accepted or ApplicationState.Waitlisted)
        {
            await TellAdminsOfLateNonEndorsementAsync(application, supervisor, trimmed, link.Request, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Notice"] = endorse ? T["Thank you: your endorsement was recorded."].Value : T["Thank you: your answer was recorded."].Value;
        return RedirectToAction(nameof(Show), new { token, lang });
    }

    /// <summary>
    /// A "no" that comes after the decision changes nothing by itself: those who decide (the admins) hear of it, each in
    /// their language, with the application's page. The applicant's own admin account, if any, is left out.
    /// </summary>
    private async Task TellAdminsOfLateNonEndorsementAsync(Application application, string supervisor, string? comment, int request, CancellationToken cancellationToken)
    {
        var adminRole = await db.Roles.Where(r => r.Name == Infrastructure.Security.Roles.Admin).Select(r => r.Id).SingleAsync(cancellationToken);
        var admins = await db.Users.Where(u => u.Id != application.UserId && u.EmailConfirmed && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
            .ToListAsync(cancellationToken);
        var url = mailLayout.Link($"/review/{application.Course!.Slug}/applications/{application.Id}");
        foreach (var admin in admins)
        {
            await outbox.EnqueueAsync(ApplicationMails.LateNonEndorsementKind, $"{ApplicationMails.LateNonEndorsementKind}:{application.Id}:{request}:{admin.Id}",
                new MailRecipient(admin.Email!, admin.FullName, admin.PreferredLanguage),
                mails.LateNonEndorsement(admin.PreferredLanguage, Addressee.Of(admin), application.User!.FullName, application.Course.Title, supervisor,
                    application.State == ApplicationState.Accepted, comment, url),
                cancellationToken: cancellationToken);
        }
    }

    private async Task<EndorsementViewModel?> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var link = links.Read(token);
        if (link is null) return null;
        var expired = link.HasExpiredAt(clock.GetUtcNow());
        var found = await db.Applications.AsNoTracking().Where(a => a.Id == link.ApplicationId && a.User != null)
            .Select(a => new
            {
                a.CourseId,
                Model = new EndorsementViewModel(token, a.User!.FullName, a.User.Position, a.User.Institution, a.Course!.Title,
                    a.Course.Language, a.Motivation, a.Endorsement, a.SupervisorName, a.EndorsementRequest != link.Request,
                    a.State == ApplicationState.Withdrawn || a.State == ApplicationState.Rejected),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null) return null;
        var model = found.Model with { Place = await db.PlaceInAsync(found.CourseId, cancellationToken) };
        return model with { Expired = expired };
    }
}
