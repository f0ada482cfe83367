namespace CourseHub.Core.Text;

/// <summary>
/// A name, a title or a place is one line: mails, calendar invitations and certificates print it on a line of its
/// own, and a line break (or another control character) typed or pasted into it would start another. A tab reads as
/// a space. The same rule for the forms and for course files.
/// </summary>
public static class OneLine
{
    public static bool Is(string? text) => text is null || !text.Any(c => (char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029');
}
