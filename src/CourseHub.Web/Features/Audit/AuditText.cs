using System.Globalization;
using CourseHub.Web.Features.Shared;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Audit;

/// <summary>A line of the log in its reader's words.</summary>
/// <param name="Before">The state or value before; null where the line records no "before".</param>
public sealed record AuditLine(string Who, string What, string? Before, string? After, string? Note)
{
    /// <summary>"Before → after", or what it became where nothing came before.</summary>
    public string Change => Before is null ? After ?? "" : $"{Before} → {After ?? "—"}";
}

/// <summary>
/// Turns the log's stored lines (English words, states by name, course facts as <c>course.md</c> writes them) into
/// what a reader reads, for the page and its export alike.
/// </summary>
public sealed class AuditText(IStringLocalizer<SharedResource> T)
{
    public AuditLine Describe(AuditRow row)
    {
        var who = AuditNotes.IsSiteWord(row.ActorName) ? T[row.ActorName].Value : row.ActorName;
        var action = T[Labels.AuditAction(row.Action)].Value;
        // A course edit's line names the fact it changed, and its values as the course form shows them.
        if (row.Action == CourseAdmin.CourseAdministration.EditedAction && Labels.CourseFact(row.Note) is { } fact)
        {
            var changed = row.Before is not null || row.After is not null;
            return new AuditLine(who, $"{action}: {T[fact]}",
                changed ? FactValue(row.Note!, row.Before) : null, changed ? FactValue(row.Note!, row.After) : null, null);
        }
        var before = row.Before is null ? null : T[Labels.AuditState(row.Action, row.Before)].Value;
        var after = row.After is null ? null : T[Labels.AuditState(row.Action, row.After)].Value;
        var note = AuditNotes.IsSystem(row.Note) ? T[row.Note!].Value : row.Note;
        return new AuditLine(who, action, before, after, note);
    }

    private string FactValue(string fact, string? value)
    {
        if (value is null) return T["(not set)"].Value;
        if (Labels.CourseFactWord(fact, value) is { } word) return T[word].Value;
        if (fact == "fee" && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fee))
        {
            return fee.ToString(fee == decimal.Truncate(fee) ? "N0" : "N2", CultureInfo.CurrentCulture);
        }
        // Days and times of the course's facts are written in its own zone, as its form asks for them.
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToString("d MMM yyyy", CultureInfo.CurrentCulture);
        }
        if (DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at.ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);
        }
        return value;
    }
}
