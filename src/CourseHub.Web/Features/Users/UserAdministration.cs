using CourseHub.Core.Accounts;
using CourseHub.Core.Text;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Data;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Features.Shared;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Users;

public sealed record UserRow(string Id, string FullName, string Email, string Country, string Institution,
    bool EmailConfirmed, bool LockedOut, IReadOnlyList<string> Roles);

public sealed record UserListViewModel(string? Query, string? Role, IReadOnlyList<UserRow> Users, int Page, int PageCount, int Total);

public sealed record CourseOption(int Id, string Title, string Language);

public sealed record UserDetailsViewModel(
    UserRow User, string Position, GovernmentLevel Level, string PreferredLanguage, DateTime CreatedUtc,
    DateTimeOffset? LockoutEnd, IReadOnlyList<CourseOption> Teaches, IReadOnlyList<CourseOption> OtherCourses, bool IsSelf);

/// <summary>What admins do with accounts: find them, change roles, lock them, assign instructors to courses.</summary>
public sealed class UserAdministration(CourseHubDbContext db, UserManager<ApplicationUser> users, AuditLog audit, Outbox outbox, AccountMails mails,
    IStringLocalizer<SharedResource> T, TimeProvider clock)
{
    public const int PageSize = 25;

    public async Task<UserListViewModel> ListAsync(string? query, string? role, int page, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var people = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            // Folded on both sides, so that case and accents do not matter on either database.
            var term = Folding.Fold(query.Trim());
            // A country is found by its name in any of the site's languages ("brasil", "brazil", "costa rica"), as
            // well as by its code; only from a word's start, so that a name like "Ana" does not bring Panama.
            var countries = Countries.All("en").Concat(Countries.All("es")).Concat(Countries.All("pt"))
                .Where(c => Folding.Fold(c.Name) is var name && (name.StartsWith(term, StringComparison.Ordinal) || name.Contains(" " + term, StringComparison.Ordinal)))
                .Select(c => c.Code).Distinct().ToList();
            people = people.Where(u => u.SearchKey.Contains(term) || countries.Contains(u.Country));
        }
        if (!string.IsNullOrWhiteSpace(role) && Roles.All.Contains(role))
        {
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(cancellationToken);
            people = people.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }
        var total = await people.CountAsync(cancellationToken);
        var pageCount = Pager.PagesFor(total, PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var rows = await people.OrderBy(u => u.FullName).ThenBy(u => u.Email)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id, u.FullName, u.Email, u.Country, u.Institution, u.EmailConfirmed, u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new UserListViewModel(query, role,
            rows.Select(u => new UserRow(u.Id, u.FullName, u.Email ?? "", u.Country, u.Institution, u.EmailConfirmed,
                u.LockoutEnd is { } end && end > now, u.Roles.Order().ToList())).ToList(),
            page, pageCount, total);
    }

    public async Task<UserDetailsViewModel?> DetailsAsync(string id, string currentUserId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return null;
        var roles = await users.GetRolesAsync(user);
        var courses = await db.Courses.OrderBy(c => c.Title).ThenBy(c => c.Slug).Select(c => new { c.Id, c.Slug, c.Title, c.Language }).ToListAsync(cancellationToken);
        var labels = Features.Shared.Labels.CourseChoices(courses.Select(c => (c.Id, c.Slug, c.Title)).ToList());
        var taught = (await db.CourseInstructors.Where(i => i.UserId == id).Select(i => i.CourseId).ToListAsync(cancellationToken)).ToHashSet();
        var teaches = courses.Where(c => taught.Contains(c.Id)).Select(c => new CourseOption(c.Id, labels[c.Id], c.Language)).ToList();
        var others = courses.Where(c => !taught.Contains(c.Id)).Select(c => new CourseOption(c.Id, labels[c.Id], c.Language)).ToList();
        var locked = user.LockoutEnd is { } end && end > clock.GetUtcNow();
        return new UserDetailsViewModel(
            new UserRow(user.Id, user.FullName, user.Email ?? "", user.Country, user.Institution, user.EmailConfirmed, locked, roles.Order().ToList()),
            user.Position, user.GovernmentLevel, user.PreferredLanguage, user.CreatedUtc, user.LockoutEnd, teaches, others, id == currentUserId);
    }

    public async Task<string?> SetRoleAsync(string id, string role, bool grant, Actor actor)
    {
        var currentUserId = actor.Id;
        if (!Roles.All.Contains(role)) return T["Unknown role."];
        if (!grant && role == Roles.Admin && id == currentUserId) return T["You cannot remove your own admin role."];
        if (!grant && role == Roles.Participant) return T["Everyone who has an account is a participant."];
        var user = await users.FindByIdAsync(id);
        if (user is null) return T["No such user."];
        var has = await users.IsInRoleAsync(user, role);
        if (grant && !has) await users.AddToRoleAsync(user, role);
        if (!grant && has)
        {
            await users.RemoveFromRoleAsync(user, role);
            if (role == Roles.Instructor) await db.CourseInstructors.Where(i => i.UserId == id).ExecuteDeleteAsync();
        }
        if (grant != has) await RecordAsync(actor, grant ? "user.role-given" : "user.role-removed", null, user, role);
        // Open sessions carry the roles they were signed in with. A new security stamp ends them at their next
        // check (within a minute): right for a role taken away. A role given needs no such thing: the same
        // check rebuilds the session's roles from the account, so the person gets it without signing in again.
        if (!grant && has) await users.UpdateSecurityStampAsync(user);
        return null;
    }

    /// <summary>
    /// An administrator's lock has no end; a lockout after failed sign-ins ends within minutes and a password reset
    /// lifts it. Compared by year: a database keeps fewer decimals of a second than <see cref="DateTimeOffset.MaxValue"/> has.
    /// </summary>
    public static bool IsLockedByAdmin(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end.UtcDateTime.Year == DateTimeOffset.MaxValue.Year;

    public async Task<string?> SetLockedAsync(string id, bool locked, Actor actor)
    {
        var currentUserId = actor.Id;
        if (locked && id == currentUserId) return T["You cannot lock your own account."];
        var user = await users.FindByIdAsync(id);
        if (user is null) return T["No such user."];
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked) await users.ResetAccessFailedCountAsync(user);
        if (locked) await db.UserSessions.Where(s => s.UserId == id).ExecuteDeleteAsync();
        await RecordAsync(actor, locked ? "user.locked" : "user.unlocked", null, user, null);
        return null;
    }

    /// <summary>Makes the person an instructor of the course (and gives them the Instructor role).</summary>
    public async Task<string?> AssignCourseAsync(string id, int courseId, Actor actor)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return T["No such user."];
        var course = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleOrDefaultAsync();
        if (course is null) return T["No such course."];
        if (!await db.CourseInstructors.AnyAsync(i => i.UserId == id && i.CourseId == courseId))
        {
            db.CourseInstructors.Add(new CourseInstructor { CourseId = courseId, UserId = id });
            // Told by mail, with the way in: nothing on the site itself would tell a new instructor where to start.
            if (user.Email is { } email)
            {
                await outbox.EnqueueAsync(AccountMails.TeachingKind, $"{AccountMails.TeachingKind}:{courseId}:{id}:{clock.GetUtcNow().UtcTicks}",
                    new MailRecipient(email, user.FullName, user.PreferredLanguage), mails.Teaching(user.PreferredLanguage, Addressee.Of(user), course));
            }
            await RecordAsync(actor, "user.course-assigned", courseId, user, null);
        }
        if (!await users.IsInRoleAsync(user, Roles.Instructor))
        {
            await users.AddToRoleAsync(user, Roles.Instructor);
            await RecordAsync(actor, "user.role-given", null, user, Roles.Instructor);
        }
        return null;
    }

    /// <summary>
    /// From the course's page: the person named by their address becomes an instructor of the course. Returns what to
    /// tell the admin, and whether it is a refusal.
    /// </summary>
    public async Task<(string Message, bool Refused)> AssignCourseByEmailAsync(string slug, string? email, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(email)) return (T["Enter the address of the person's account."], true);
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return (T["No account has the address {0}: the person registers first, then you add them here.", email.Trim()], true);
        var courseId = await db.Courses.Where(c => c.Slug == slug).Select(c => (int?)c.Id).SingleOrDefaultAsync();
        if (courseId is null) return (T["No such course."], true);
        if (await db.CourseInstructors.AnyAsync(i => i.UserId == user.Id && i.CourseId == courseId)) return (T["{0} teaches this course already.", user.Email!], false);
        return await AssignCourseAsync(user.Id, courseId.Value, actor) is { } refusal
            ? (refusal, true)
            : (T["{0} now teaches this course and was told by mail.", user.Email!], false);
    }

    /// <summary>Takes a person off a course's instructors from the course's own page.</summary>
    public async Task<(string Message, bool Refused)> UnassignCourseBySlugAsync(string slug, string userId, Actor actor)
    {
        var courseId = await db.Courses.Where(c => c.Slug == slug).Select(c => (int?)c.Id).SingleOrDefaultAsync();
        if (courseId is null) return (T["No such course."], true);
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).SingleOrDefaultAsync();
        return await UnassignCourseAsync(userId, courseId.Value, actor) is { } refusal
            ? (refusal, true)
            : (T["{0} no longer teaches this course.", name ?? ""], false);
    }

    /// <summary>The course's title, for the notice of a change that names it.</summary>
    public Task<string?> CourseTitleAsync(int courseId) => db.Courses.Where(c => c.Id == courseId).Select(c => c.Title).SingleOrDefaultAsync();

    public async Task<string?> UnassignCourseAsync(string id, int courseId, Actor actor)
    {
        var removed = await db.CourseInstructors.Where(i => i.UserId == id && i.CourseId == courseId).ExecuteDeleteAsync();
        if (removed == 0) return T["That person does not teach that course."].Value;
        if (await users.FindByIdAsync(id) is { } user) await RecordAsync(actor, "user.course-unassigned", courseId, user, null);
        return null;
    }

    /// <summary>
    /// Who may do what is written to the audit log like every decision: the person concerned in the note
    /// (name and address), the role as the state after.
    /// </summary>
    private async Task RecordAsync(Actor actor, string action, int? courseId, ApplicationUser user, string? role)
    {
        // A role taken away is what the account had before; a role given, what it has after.
        var removed = action == "user.role-removed";
        audit.Record(actor, action, courseId, null, removed ? role : null, removed ? null : role, $"{user.FullName} <{user.Email}>");
        await db.SaveChangesAsync();
    }
}
