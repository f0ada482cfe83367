using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Account;

/// <summary>
/// A password that is the person's own email address is the first one anybody would try: refused when an
/// account is made, a password changed or reset.
/// </summary>
public sealed class PasswordNotAddressValidator(IStringLocalizer<SharedResource> T) : IPasswordValidator<Data.Entities.ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<Data.Entities.ApplicationUser> manager, Data.Entities.ApplicationUser user, string? password)
    {
        var typed = password?.Trim() ?? "";
        var theAddress = typed.Length > 0
            && (string.Equals(typed, user.Email?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(typed, user.UserName?.Trim(), StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(theAddress
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordIsEmail", Description = T["Choose a password other than your email address."] })
            : IdentityResult.Success);
    }
}
