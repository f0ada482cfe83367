using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// A name is one line: a line break or other control character typed (or pasted) into it would break the
/// greeting of a mail and the mail's address header.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneLineAttribute : ValidationAttribute
{
    // A tab (two spreadsheet cells pasted) reads as a space; a line break does not.
    public override bool IsValid(object? value) => value is not string text || !text.Any(c => char.IsControl(c) && c != '\t');
}
