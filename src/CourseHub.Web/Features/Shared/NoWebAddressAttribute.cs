using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// No web address: a name goes into the subject and first line of mails the institute sends to others (a supervisor
/// asked to endorse), where "… verify your account at https://…" would read as the institute's own instruction.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NoWebAddressAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text
        || (!text.Contains("://", StringComparison.Ordinal) && !text.Contains("www.", StringComparison.OrdinalIgnoreCase));
}
