using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Account;

/// <summary>
/// Identity's messages in the visitor's language. The keys are Identity's own English texts, so English
/// stays word for word what Identity says; only the errors a person can meet through our forms are here.
/// </summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> T) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Described(base.DefaultError(), T["An unknown failure has occurred."]);
    public override IdentityError ConcurrencyFailure() => Described(base.ConcurrencyFailure(), T["Optimistic concurrency failure, object has been modified."]);
    public override IdentityError PasswordMismatch() => Described(base.PasswordMismatch(), T["Incorrect password."]);
    public override IdentityError InvalidToken() => Described(base.InvalidToken(), T["Invalid token."]);
    public override IdentityError InvalidUserName(string? userName) => Described(base.InvalidUserName(userName), T["Use an address written with plain letters (a to z, without accents), digits and . _ - +: this one cannot name an account."]);
    public override IdentityError InvalidEmail(string? email) => Described(base.InvalidEmail(email), T["Email '{0}' is invalid.", email ?? ""]);
    public override IdentityError DuplicateUserName(string userName) => Described(base.DuplicateUserName(userName), T["Username '{0}' is already taken.", userName]);
    public override IdentityError DuplicateEmail(string email) => Described(base.DuplicateEmail(email), T["Email '{0}' is already taken.", email]);
    public override IdentityError PasswordTooShort(int length) => Described(base.PasswordTooShort(length), T["Passwords must be at least {0} characters.", length]);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Described(base.PasswordRequiresUniqueChars(uniqueChars), T["Passwords must use at least {0} different characters.", uniqueChars]);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Described(base.PasswordRequiresNonAlphanumeric(), T["Passwords must have at least one non alphanumeric character."]);
    public override IdentityError PasswordRequiresDigit() => Described(base.PasswordRequiresDigit(), T["Passwords must have at least one digit ('0'-'9')."]);
    public override IdentityError PasswordRequiresLower() => Described(base.PasswordRequiresLower(), T["Passwords must have at least one lowercase ('a'-'z')."]);
    public override IdentityError PasswordRequiresUpper() => Described(base.PasswordRequiresUpper(), T["Passwords must have at least one uppercase ('A'-'Z')."]);

    // The code stays Identity's: the account pages choose the field by it.
    private static IdentityError Described(IdentityError error, string description) => new() { Code = error.Code, Description = description };
}
