using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// An address the site can mail and name in a calendar invitation (<see cref="Core.Text.EmailAddress.IsPlain"/>):
/// the framework's [EmailAddress] lets "a b@c.org" through, which no mail server delivers. A data type of
/// email address, so the field is still an email input.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlainEmailAttribute() : DataTypeAttribute(DataType.EmailAddress)
{
    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || Core.Text.EmailAddress.IsPlain(text);
}
