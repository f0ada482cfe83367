using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// Some letter or digit: a name made only of invisible characters (a zero-width space passes "required")
/// would greet people in mails, and stand on certificates, as nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LegibleAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || text.Any(char.IsLetterOrDigit);
}
