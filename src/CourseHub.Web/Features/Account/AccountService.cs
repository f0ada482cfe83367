using System.Globalization;
using System.Text.Json;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Account;

/// <summary>
/// The account journeys. Each change that concerns the person enqueues its mail in the same database
/// transaction as the change itself.
/// </summary>
public sealed class AccountService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    CourseHubDbContext db,
    Outbox outbox,
    AccountMails mails,
    MailLayout layout,
    Applications.ApplicationWorkflow workflow,
    Unsubscribe.UnsubscribeHandler announcements,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> T,
    TimeProvider clock)
{
    public async Task<IdentityResult> RegisterAsync(RegisterForm form, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new ApplicationUser
        {
            UserName = form.Email.Trim(),
            Email = form.Email.Trim(),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        ApplyProfile(user, form);
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, form.Password);
        }
        catch (DbUpdateException)
        {
            // A second registration of the address raced this one past Identity's check (on PostgreSQL,
            // writers do not queue as they do on SQLite): the unique index kept the first.
            created = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(user.Email));
        }
        if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
        {
            // Answered as any registration is, so that the page does not tell whose addresses have accounts; the
            // mail goes to the address's owner.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await TellTheOwnerAsync(user.Email, form.ReturnUrl, cancellationToken);
            return IdentityResult.Success;
        }
        if (!created.Succeeded) return created;
        var role = await users.AddToRoleAsync(user, Roles.Participant);
        if (!role.Succeeded) return role;

        await EnqueueConfirmationAsync(user, cancellationToken, form.ReturnUrl);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return IdentityResult.Success;
    }

    /// <summary>
    /// Someone registered an address that has an account, and the address's owner is told. An account never
    /// confirmed may have been started by someone else with a password of theirs: its owner gets a link to
    /// choose the password, which confirms the address too (a bare confirmation would activate the other
    /// person's password). A confirmed account's owner is told they have one, with links to sign in and to
    /// choose a new password. One such mail an hour at most, however many tries. Either link leads on, once signed in,
    /// to the page the registration was made from (a local address, checked by the caller).
    /// </summary>
    private async Task TellTheOwnerAsync(string email, string? returnUrl, CancellationToken cancellationToken)
    {
        var owner = await users.FindByEmailAsync(email);
        if (owner is null) return;
        // A registration sent twice (a double click, the page sent again) finds the account its first made: the
        // confirmation that one queued is the mail to have.
        if (!owner.EmailConfirmed && JustRegistered(owner)) return;
        var language = owner.PreferredLanguage;
        var next = ReturnParameter(returnUrl);
        var mail = owner.EmailConfirmed
            ? mails.AlreadyRegistered(language, Addressee.Of(owner), layout.Link($"/account/sign-in?lang={language}{next}"), layout.Link($"/account/forgot-password?lang={language}{next}"))
            : mails.FinishRegistration(language, Addressee.Of(owner), await PasswordLinkAsync(owner) + next);
        var hour = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        await outbox.EnqueueAsync(AccountMails.AlreadyRegisteredKind, $"{AccountMails.AlreadyRegisteredKind}:{owner.Id}:{hour}", Recipient(owner), mail,
            cancellationToken: cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another try in the same hour queued the same mail: one is enough.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>A link to choose the account's password: proof of the mailbox, as a reset link is.</summary>
    private async Task<string> PasswordLinkAsync(ApplicationUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        // The page the link opens speaks the mail's language, whatever the browser it is opened in.
        return layout.Link($"/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}&lang={user.PreferredLanguage}");
    }

    /// <summary>
    /// Sends the confirmation link again; a double click within a minute sends one mail. Past the first minutes
    /// the account may not be the asker's (someone else may have started it with their password), so its owner
    /// gets the link to choose the password instead, which confirms the address as well.
    /// </summary>
    public async Task ResendConfirmationAsync(string email, string? returnUrl, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.EmailConfirmed) return;
        if (JustRegistered(user))
        {
            await EnqueueConfirmationAsync(user, cancellationToken, returnUrl);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await TellTheOwnerAsync(user.Email!, returnUrl, cancellationToken);
        }
    }

    /// <summary>An account registered in the last few minutes: whoever asks about it now is, most likely, who made it.</summary>
    private bool JustRegistered(ApplicationUser user) => user.CreatedUtc > clock.GetUtcNow().UtcDateTime.AddMinutes(-10);

    public async Task<bool> ConfirmEmailAsync(string userId, string token)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return false;
        return (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }

    /// <param name="returnUrl">A local page to come back to once signed in with the new password, checked by the caller.</param>
    public async Task RequestPasswordResetAsync(string email, string? returnUrl, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        // Say nothing about whether the address has an account: the page reads the same either way.
        if (user is null || !user.EmailConfirmed) return;
        var url = await PasswordLinkAsync(user) + ReturnParameter(returnUrl);
        await outbox.EnqueueAsync(AccountMails.ResetPasswordKind, MinuteKey(AccountMails.ResetPasswordKind, user.Id),
            Recipient(user), mails.ResetPassword(user.PreferredLanguage, Addressee.Of(user), url), cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IdentityResult> ResetPasswordAsync(ResetPasswordForm form)
    {
        var user = await users.FindByIdAsync(form.UserId);
        if (user is null) return IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "This reset link is not valid." });
        var result = await users.ResetPasswordAsync(user, form.Token, form.Password);
        if (result.Succeeded)
        {
            // The link came to the address: choosing the password through it confirms the address too (an
            // unconfirmed account's owner finishes registering this way).
            if (!user.EmailConfirmed)
            {
                user.EmailConfirmed = true;
                await users.UpdateAsync(user);
            }
            await EndAllSessionsAsync(user.Id);
            // The calendar feed's address is a key too, to the join links of every session: whoever had the account
            // before its owner took it back must not keep it. The owner makes a new one.
            var feedTurnedOff = user.CalendarFeedToken is not null;
            if (feedTurnedOff)
            {
                // On the entity too: Identity's later updates of it (the lockout below) write every column back.
                user.CalendarFeedToken = null;
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.CalendarFeedToken, (string?)null));
            }
            // A successful reset proves control of the mailbox: it lifts a lockout after failed sign-ins, but not
            // an administrator's lock, which only an administrator lifts.
            if (!Users.UserAdministration.IsLockedByAdmin(user.LockoutEnd))
            {
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }
            // As after a change: someone who did not ask for the reset learns of it from the mail.
            await outbox.EnqueueAsync(AccountMails.PasswordChangedKind, ChangeKey(AccountMails.PasswordChangedKind, user),
                Recipient(user), mails.PasswordChanged(user.PreferredLanguage, Addressee.Of(user), clock.GetUtcNow().UtcDateTime, user.TimeZone,
                    feedTurnedOff ? AccountMails.Feed.TurnedOff : AccountMails.Feed.None));
            await db.SaveChangesAsync();
        }
        return result;
    }

    /// <summary>
    /// Checks the password a signed-in person types to confirm a change, as signing in checks it: a wrong one counts
    /// toward the lockout, and a locked account is refused whatever is typed. Otherwise whoever holds a session (an
    /// unattended browser) could try passwords without end.
    /// </summary>
    private async Task<IdentityResult> CheckPasswordAgainAsync(ApplicationUser user, string password)
    {
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded) return IdentityResult.Success;
        return IdentityResult.Failed(result.IsLockedOut
            ? new IdentityError { Code = LockedOutCode, Description = T["Too many wrong passwords: wait a few minutes before you try again, or choose a new password through “Forgot your password?”."] }
            : users.ErrorDescriber.PasswordMismatch());
    }

    public const string LockedOutCode = "LockedOut";

    /// <summary>Changes the password, ends every other session, keeps this one signed in, and tells the person.</summary>
    public async Task<IdentityResult> ChangePasswordAsync(ApplicationUser user, string? currentSession, ChangePasswordForm form, CancellationToken cancellationToken)
    {
        var current = await CheckPasswordAgainAsync(user, form.CurrentPassword);
        if (!current.Succeeded) return current;
        // A "change" to the same password would sign every other session out and mail the person for nothing.
        if (form.NewPassword == form.CurrentPassword)
        {
            return IdentityResult.Failed(new IdentityError { Code = "PasswordUnchanged", Description = T["The new password is the one you have now: choose another."] });
        }
        var result = await users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword);
        if (!result.Succeeded) return result;
        await db.UserSessions.Where(s => s.UserId == user.Id && s.Id != currentSession).ExecuteDeleteAsync(cancellationToken);
        // This session carries the old security stamp: renew it with the new one.
        await signIn.RefreshSignInAsync(user);
        await outbox.EnqueueAsync(AccountMails.PasswordChangedKind, ChangeKey(AccountMails.PasswordChangedKind, user),
            Recipient(user), mails.PasswordChanged(user.PreferredLanguage, Addressee.Of(user), clock.GetUtcNow().UtcDateTime, user.TimeZone,
                user.CalendarFeedToken is null ? AccountMails.Feed.None : AccountMails.Feed.KeptOn), cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    public async Task<IdentityResult> UpdateProfileAsync(ApplicationUser user, ProfileForm form)
    {
        ApplyProfile(user, form);
        return await users.UpdateAsync(user);
    }

    // Read by people as much as by programs: names as written ("Pérez", not "P\u00E9rez"), one casing throughout.
    private static readonly JsonSerializerOptions ExportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Everything the person gave us, and what CourseHub recorded about them, as JSON.</summary>
    public async Task<byte[]> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var roles = await users.GetRolesAsync(user);
        var teaches = await db.CourseInstructors.Where(i => i.UserId == user.Id).Select(i => i.Course!.Slug).ToListAsync(cancellationToken);
        var applications = await db.Applications.Where(a => a.UserId == user.Id).OrderBy(a => a.SubmittedUtc)
            .Select(a => new
            {
                course = a.Course!.Slug, courseTitle = a.Course.Title, state = a.State.ToString(), a.SubmittedUtc, a.DecidedUtc, a.WaitlistedUtc,
                // The facts copied from the profile when applying, which the statistics keep.
                a.Country, a.Institution, governmentLevel = a.GovernmentLevel.ToString(), gender = a.Gender.ToString(),
                a.Motivation, a.RelationToWork, a.TravelNeeds,
                a.SupervisorName, a.SupervisorEmail, endorsement = a.Endorsement.ToString(), a.EndorsementRequestedUtc, a.EndorsementUtc, a.EndorsementComment,
                a.DecisionNote, scholarship = a.Scholarship.ToString(), a.ScholarshipStatement, a.DepartureCity, a.NeedsLodging,
                a.ScholarshipAwardedUtc, a.ScholarshipReplyByUtc,
                history = db.AuditEntries.Where(e => e.ApplicationId == a.Id && e.Action != Review.ReviewScoring.ScoredAction).OrderBy(e => e.AtUtc)
                    .Select(e => new { e.AtUtc, e.Action, e.Before, e.After }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var modulesDone = await db.ModuleCompletions.Where(c => c.UserId == user.Id).OrderBy(c => c.CompletedUtc)
            .Select(c => new { course = c.Module!.Course!.Slug, courseTitle = c.Module.Course.Title, module = c.Module.Title, c.CompletedUtc })
            .ToListAsync(cancellationToken);
        var attendance = await db.SessionAttendances.Where(a => a.UserId == user.Id).OrderBy(a => a.Session!.StartsUtc)
            .Select(a => new { course = a.Session!.Course!.Slug, courseTitle = a.Session.Course.Title, session = a.Session.Title, a.Session.StartsUtc, a.Present })
            .ToListAsync(cancellationToken);
        var certificates = await db.Certificates.Where(c => c.UserId == user.Id).OrderBy(c => c.IssuedUtc)
            .Select(c => new { c.Code, c.CourseTitle, c.ParticipantName, c.StartsOn, c.EndsOn, c.Hours, c.IssuedUtc, c.RevokedUtc, c.RevokedReason })
            .ToListAsync(cancellationToken);
        var export = new
        {
            exportedUtc = clock.GetUtcNow().UtcDateTime,
            profile = new
            {
                user.FullName, user.Email, user.EmailConfirmed, user.Country, user.Institution, user.Position,
                GovernmentLevel = user.GovernmentLevel.ToString(), Gender = user.Gender?.ToString(), user.PreferredLanguage,
                user.TimeZone, user.CreatedUtc,
            },
            roles,
            instructorOf = teaches,
            unsubscribedFromAnnouncements = await announcements.IsUnsubscribedAsync(user.Email ?? "", cancellationToken),
            applications,
            modulesDone,
            attendance,
            certificates,
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
    }

    /// <summary>Erases the person: account, profile, sessions and the mail to them (but calendar cancellations still to send).</summary>
    public async Task<IdentityResult> DeleteAsync(ApplicationUser user, string password, CancellationToken cancellationToken)
    {
        var checkedPassword = await CheckPasswordAgainAsync(user, password);
        if (!checkedPassword.Succeeded) return checkedPassword;
        // Leaving frees the person's seats and scholarships for the next in line, as a withdrawal would.
        var active = await db.Applications.Where(a => a.UserId == user.Id
                && (a.State == ApplicationState.Submitted || a.State == ApplicationState.Accepted || a.State == ApplicationState.Waitlisted))
            .Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var id in active) await workflow.LeaveAsync(id, user, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The history of the person's applications keeps what happened, not the supervisor addresses they typed.
        await db.AuditEntries
            .Where(e => e.Action.StartsWith("application.endorsement-") && db.Applications.Any(a => a.Id == e.ApplicationId && a.UserId == user.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Before, (string?)null).SetProperty(e => e.After, (string?)null), cancellationToken);
        // Role and course assignments named the account ("Name <address>"), and the person's own steps on their
        // applications (applied, withdrew) carry their name: the log keeps the lines, not the person. What they
        // did as staff, to others, stays under their name: that is the institute's record of who decided.
        var named = $"<{user.Email}>";
        await db.AuditEntries.Where(e => e.Action.StartsWith("user.") && e.Note != null && e.Note.EndsWith(named))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Note, Audit.AuditNotes.AccountDeleted), cancellationToken);
        // The person's own steps, and the supervisor's answer (recorded under the name the person typed).
        var system = Audit.Actor.System.Name;
        await db.AuditEntries.Where(e => (e.ActorId == user.Id || (e.ActorId == null && e.ActorName != system))
                && db.Applications.Any(a => a.Id == e.ApplicationId && a.UserId == user.Id))
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.ActorId, (string?)null)
                .SetProperty(e => e.ActorName, Audit.AuditNotes.AccountDeleted), cancellationToken);
        // An unsubscription is kept for the address, not the person: whoever registers with it again starts afresh.
        await db.MailSuppressions.Where(m => m.Address == UnsubscribeTokens.Normalise(user.Email ?? "")).ExecuteDeleteAsync(cancellationToken);
        // Statistics keep the anonymous facts (country, level, gender, states); everything personal goes, the
        // institution too: typed by the person, a small one can name them.
        await db.Applications.Where(a => a.UserId == user.Id).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.UserId, (string?)null)
            .SetProperty(a => a.Institution, "")
            .SetProperty(a => a.Motivation, "")
            .SetProperty(a => a.RelationToWork, "")
            .SetProperty(a => a.TravelNeeds, (string?)null)
            .SetProperty(a => a.SupervisorName, (string?)null)
            .SetProperty(a => a.SupervisorEmail, (string?)null)
            .SetProperty(a => a.EndorsementComment, (string?)null)
            .SetProperty(a => a.ScholarshipStatement, (string?)null)
            .SetProperty(a => a.DepartureCity, (string?)null)
            .SetProperty(a => a.DecisionNote, (string?)null), cancellationToken);
        // A certificate names its holder to anyone with its code: it goes with the account (the privacy page says
        // so, and the data download holds it).
        await db.Certificates.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        var address = user.Email ?? "";
        // The mails to the person go too, those sent included: the outbox keeps their text, which names them.
        // Loaded and removed, not ExecuteDelete: a message is split over two tables, which a bulk delete cannot span.
        // The calendar cancellations the withdrawals just queued stay until sent: without them the sessions, with
        // their join links, would stay in the person's calendar. Once sent, they go too (within a minute).
        var unsentCancellation = (OutboxMessage m) => m.Status != OutboxStatus.Sent && m.CalendarMethod == Core.Sessions.SessionInvite.CancelMethod;
        var mail = await db.OutboxMessages.Where(m => m.ToAddress == address).ToListAsync(cancellationToken);
        db.OutboxMessages.RemoveRange(mail.Where(m => !unsentCancellation(m)));
        foreach (var cancellation in mail.Where(unsentCancellation)) cancellation.EraseOnceSent = true;
        await db.SaveChangesAsync(cancellationToken);
        await db.UserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded) return result;
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private Task EndAllSessionsAsync(string userId) => db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync();

    /// <param name="returnUrl">A local page to go on to after signing in; checked by the caller.</param>
    private async Task EnqueueConfirmationAsync(ApplicationUser user, CancellationToken cancellationToken, string? returnUrl = null)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var url = layout.Link($"/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}&lang={user.PreferredLanguage}{ReturnParameter(returnUrl)}");
        await outbox.EnqueueAsync(AccountMails.ConfirmEmailKind, MinuteKey(AccountMails.ConfirmEmailKind, user.Id),
            Recipient(user), mails.ConfirmEmail(user.PreferredLanguage, Addressee.Of(user), url), cancellationToken: cancellationToken);
    }

    /// <summary>The page to come back to, as a link's last parameter; nothing without one.</summary>
    private static string ReturnParameter(string? returnUrl) => returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>
    /// One mail per change of the password: named by the security stamp each change renews, not by the minute, so that a
    /// reset right after a change (an intruder's, or the owner's taking the account back) is told too.
    /// </summary>
    private static string ChangeKey(string kind, ApplicationUser user) => $"{kind}:{user.Id}:{user.SecurityStamp}";

    private string MinuteKey(string kind, string userId) =>
        $"{kind}:{userId}:{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";

    private static MailRecipient Recipient(ApplicationUser user) => new(user.Email!, user.FullName, user.PreferredLanguage);

    private static void ApplyProfile(ApplicationUser user, ProfileFields form)
    {
        user.FullName = form.FullName.Trim();
        user.Country = form.Country;
        user.Institution = form.Institution.Trim();
        user.Position = form.Position.Trim();
        user.GovernmentLevel = form.GovernmentLevel ?? GovernmentLevel.Other;
        user.Gender = form.Gender;
        user.PreferredLanguage = form.PreferredLanguage;
        user.TimeZone = string.IsNullOrWhiteSpace(form.TimeZone) ? null : form.TimeZone;
    }
}
