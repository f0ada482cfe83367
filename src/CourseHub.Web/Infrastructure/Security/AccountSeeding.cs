using System.Security.Cryptography;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Infrastructure.Security;

/// <summary>
/// Roles exist from the first start. The embedded default also gets a demo admin and a demo instructor
/// (with fresh random passwords printed once to the console); a real deployment makes its first admin
/// with the <c>create-admin</c> command instead, so no password is ever written in code or settings.
/// </summary>
public static class AccountSeeding
{
    public const string DemoAdminEmail = "admin@coursehub.local";
    public const string DemoInstructorEmail = "instructor@coursehub.local";

    public static async Task EnsureRolesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    public static async Task SeedDemoAccountsAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Accounts:SeedDemoAccounts", false)) return;
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var db = services.GetRequiredService<CourseHubDbContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CourseHub.DemoAccounts");
        var clock = services.GetRequiredService<TimeProvider>();

        if (await users.FindByEmailAsync(DemoAdminEmail) is null)
        {
            var password = NewPassword();
            await CreateAsync(users, clock, DemoAdminEmail, "Demo Coordinator", "Programme coordinator", password, Roles.Admin);
            logger.LogWarning("Demo admin created: {Email} / {Password}", DemoAdminEmail, password);
        }
        if (await users.FindByEmailAsync(DemoInstructorEmail) is null)
        {
            var password = NewPassword();
            var instructor = await CreateAsync(users, clock, DemoInstructorEmail, "Demo Instructor", "Course instructor", password, Roles.Instructor);
            foreach (var course in await db.Courses.Where(c => c.Published).Select(c => c.Id).ToListAsync())
            {
                db.CourseInstructors.Add(new CourseInstructor { CourseId = course, UserId = instructor.Id });
            }
            await db.SaveChangesAsync();
            logger.LogWarning("Demo instructor created (instructor of every course): {Email} / {Password}", DemoInstructorEmail, password);
        }
    }

    /// <summary>
    /// <c>create-admin EMAIL "FULL NAME"</c>: makes (or promotes) an admin. The password comes from the
    /// COURSEHUB_ADMIN_PASSWORD environment variable, or a random one is generated and printed once.
    /// </summary>
    public static async Task<int> CreateAdminAsync(this WebApplication app, string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("Usage: create-admin EMAIL \"FULL NAME\"   (password from COURSEHUB_ADMIN_PASSWORD, or generated)");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var email = args[1];
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            if (!await users.IsInRoleAsync(existing, Roles.Admin)) await users.AddToRoleAsync(existing, Roles.Admin);
            Console.WriteLine($"{email} is now an admin.");
            return 0;
        }
        var given = Environment.GetEnvironmentVariable("COURSEHUB_ADMIN_PASSWORD");
        var password = string.IsNullOrEmpty(given) ? NewPassword() : given;
        try
        {
            await CreateAsync(users, clock, email, args[2], "Programme coordinator", password, Roles.Admin);
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        Console.WriteLine(string.IsNullOrEmpty(given)
            ? $"Admin {email} created with password: {password}"
            : $"Admin {email} created with the password from COURSEHUB_ADMIN_PASSWORD.");
        return 0;
    }

    private static async Task<ApplicationUser> CreateAsync(UserManager<ApplicationUser> users, TimeProvider clock,
        string email, string name, string position, string password, string role)
    {
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            Country = "CL",
            Institution = "CourseHub",
            Position = position,
            GovernmentLevel = GovernmentLevel.Other,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        await users.AddToRolesAsync(user, role == Roles.Participant ? [Roles.Participant] : [Roles.Participant, role]);
        return user;
    }

    private static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');
}
