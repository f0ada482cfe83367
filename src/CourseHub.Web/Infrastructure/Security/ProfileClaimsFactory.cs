using System.Security.Claims;
using CourseHub.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.Security;

/// <summary>Puts the person's name and preferred language in the session, for the header and the language.</summary>
public sealed class ProfileClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string FullNameClaim = "coursehub:full_name";
    public const string LanguageClaim = "coursehub:language";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FullNameClaim, user.FullName));
        identity.AddClaim(new Claim(LanguageClaim, user.PreferredLanguage));
        return identity;
    }
}

public static class ClaimsPrincipalExtensions
{
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ProfileClaimsFactory.FullNameClaim) is { Length: > 0 } name ? name : user.Identity?.Name ?? "";
}
