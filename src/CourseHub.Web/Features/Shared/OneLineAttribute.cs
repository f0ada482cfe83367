using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// A name is one line: a line break or other control character typed (or pasted) into it would break the
/// greeting of a mail and the mail's address header.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneLineAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || Core.Text.OneLine.Is(text);
}
