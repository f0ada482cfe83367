using System.ComponentModel.DataAnnotations;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Applications;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Endorsements;

public sealed record SupervisorForm
{
    [Required(ErrorMessage = "Enter your supervisor's name.")]
    [StringLength(200, ErrorMessage = "The name can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the name on one line.")]
    [Shared.Legible(ErrorMessage = "Enter your supervisor's name.")]
    [Shared.NoWebAddress(ErrorMessage = "A name cannot contain a web address.")]
    [Display(Name = "Supervisor's name")]
    public string SupervisorName { get; init; } = "";

    [Required(ErrorMessage = "Enter your supervisor's email address.")]
    [Shared.PlainEmail(ErrorMessage = "Enter the supervisor's email address, like name@institution.gov.")]
    [StringLength(254, ErrorMessage = "The address can be at most 254 characters.")]
    [Display(Name = "Supervisor's email")]
    public string SupervisorEmail { get; init; } = "";

    /// <summary>
    /// Which request the page was showing: a second click, or a page sent again, is recognised as a repeat
    /// of the request it already sent rather than sending another.
    /// </summary>
    public int? Request { get; init; }
}

/// <summary>An application whose supervisor can be asked again, as the applicant's page shows it.</summary>
public sealed record PendingEndorsement(int ApplicationId, string CourseTitle, string CourseLanguage, int RequestsLeft, SupervisorForm Form);

/// <summary>
/// Asking for the endorsement again: an applicant who mistyped their supervisor's address, named the wrong
/// person, or whose supervisor lost the mail, names the supervisor again. A new request goes out with a
/// new link, and the link of the earlier one stops working, so only the person named last can answer.
/// </summary>
public sealed class EndorsementRequests(
    CourseHubDbContext db, Outbox outbox, ApplicationMails mails, EndorsementLinks links, AuditLog audit,
    IStringLocalizer<SharedResource> T, TimeProvider clock)
{
    /// <summary>Each request mails an address the applicant typed: capped, so the form cannot send mail at will.</summary>
    public const int MostRequests = 5;

    /// <summary>
    /// While the supervisor has not answered and the application is still being considered, before the
    /// course ends and under the cap.
    /// </summary>
    public static bool CanAskAgain(ApplicationState state, EndorsementState endorsement, int requestsSent, DateTime courseEndsUtc, DateTime nowUtc) =>
        endorsement == EndorsementState.Pending && state is ApplicationState.Submitted or ApplicationState.Waitlisted
        && requestsSent < MostRequests && nowUtc < courseEndsUtc;

    /// <summary>An endorsement is someone else's word: the applicant cannot name themselves.</summary>
    public static bool IsApplicantsOwnAddress(ApplicationUser applicant, string? supervisorEmail) =>
        supervisorEmail is not null && string.Equals(applicant.Email?.Trim(), supervisorEmail.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The person's own application, if its supervisor can be asked again now.</summary>
    public async Task<PendingEndorsement?> FindAsync(int applicationId, string userId, CancellationToken cancellationToken)
    {
        var row = await db.Applications.AsNoTracking().Where(a => a.Id == applicationId && a.UserId == userId)
            .Select(a => new { a.Id, a.State, a.Endorsement, a.EndorsementRequest, a.SupervisorName, a.SupervisorEmail, a.Course!.Title, a.Course.Language, a.Course.EndsUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null || !CanAskAgain(row.State, row.Endorsement, row.EndorsementRequest, row.EndsUtc, clock.GetUtcNow().UtcDateTime)) return null;
        return new PendingEndorsement(row.Id, row.Title, row.Language, MostRequests - row.EndorsementRequest,
            new SupervisorForm { SupervisorName = row.SupervisorName ?? "", SupervisorEmail = row.SupervisorEmail ?? "", Request = row.EndorsementRequest });
    }

    /// <summary>Names the supervisor again and mails them a new request; answers why not, or null when sent.</summary>
    public async Task<string?> AskAgainAsync(int applicationId, ApplicationUser user, SupervisorForm form, CancellationToken cancellationToken)
    {
        var application = await db.Applications.AsNoTracking().Include(a => a.Course)
            .SingleOrDefaultAsync(a => a.Id == applicationId && a.UserId == user.Id, cancellationToken);
        if (application is null) return T["There is no such application."];
        var (name, email) = (form.SupervisorName.Trim(), form.SupervisorEmail.Trim());
        var seen = form.Request ?? application.EndorsementRequest;
        if (application.EndorsementRequest != seen) return Repeat(application, seen, email);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!CanAskAgain(application.State, application.Endorsement, application.EndorsementRequest, application.Course!.EndsUtc, now))
        {
            return NotAnyMore(application.Endorsement, application.EndorsementRequest);
        }

        var request = application.EndorsementRequest + 1;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only from the request this person saw, and while no decision or withdrawal has come in between: of two
        // changes sent at once, or a change crossing the supervisor's answer, one wins and the other is told.
        var changed = await db.Applications
            .Where(a => a.Id == applicationId && a.Endorsement == EndorsementState.Pending && a.EndorsementRequest == application.EndorsementRequest
                && (a.State == ApplicationState.Submitted || a.State == ApplicationState.Waitlisted))
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.SupervisorName, name)
                .SetProperty(a => a.SupervisorEmail, email)
                .SetProperty(a => a.EndorsementRequest, request)
                .SetProperty(a => a.EndorsementRequestedUtc, now), cancellationToken);
        if (changed == 0)
        {
            var current = await db.Applications.AsNoTracking().Include(a => a.Course).SingleAsync(a => a.Id == applicationId, cancellationToken);
            return current.EndorsementRequest != seen ? Repeat(current, seen, email) : NotAnyMore(current.Endorsement, current.EndorsementRequest);
        }
        audit.Record(new Actor(user.Id, user.FullName), "application.endorsement-requested", application.CourseId, application.Id,
            application.SupervisorEmail, email);
        // In the applicant's language, as the first request was.
        var language = user.PreferredLanguage;
        await outbox.EnqueueAsync(ApplicationMails.EndorsementRequestKind, $"{ApplicationMails.EndorsementRequestKind}:{application.Id}:{request}",
            new MailRecipient(email, name, language),
            mails.EndorsementRequest(language, name, user.FullName, application.Course.Title, await db.PlaceInAsync(application.CourseId, cancellationToken),
                links.UrlFor(application.Id, request, language)),
            cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// The form was sent from a page showing an earlier request. The request that followed that one went to the
    /// same address: this is a second click, answered as the first was. Otherwise the details changed meanwhile.
    /// </summary>
    private string? Repeat(Application current, int seen, string email) =>
        current.EndorsementRequest == seen + 1 && string.Equals(current.SupervisorEmail, email, StringComparison.OrdinalIgnoreCase)
            ? null
            : T["Your supervisor's details have changed since this page was shown; please look at your application again."].Value;

    private string NotAnyMore(EndorsementState endorsement, int requestsSent) =>
        endorsement != EndorsementState.Pending ? T["Your supervisor has already answered; the request cannot be sent again. If the answer came from the wrong person, please ask the programme for help."]
        : requestsSent >= MostRequests ? T["The request has been sent {0} times, the most it can be; please ask the programme for help.", MostRequests]
        : T["The endorsement can no longer be requested for this application."];
}
