using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CourseHub.Core.Courses;
using CourseHub.Core.Sessions;

namespace CourseHub.Core.Content;

/// <summary>
/// Writes courses and modules back as content files, in the format <see cref="ContentParser"/> reads: what is
/// written parses to the same document. Every text value is double-quoted (a JSON string is a valid YAML
/// double-quoted scalar), so no title or note can break the front matter.
/// </summary>
public static class ContentWriter
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Course(CourseDocument course)
    {
        var zone = ZonedTime.FindZone(course.TimeZone);
        var yaml = new StringBuilder("---\n");
        void Line(string key, string value, int indent = 0) => yaml.Append(' ', indent).Append(key).Append(": ").Append(value).Append('\n');

        Line("title", Q(course.Title));
        Line("summary", Q(course.Summary));
        Line("language", Q(course.Language));
        Line("modality", Q(course.Modality.ToSlug()));
        Line("organiser", Q(course.Organiser));
        if (course.OrganiserEmail is { } email) Line("organiser_email", Q(email));
        if (course.Partners.Count > 0) Line("partners", "[" + string.Join(", ", course.Partners.Select(Q)) + "]");
        Line("audience", Q(course.Audience));
        Line("time_zone", Q(course.TimeZone));
        Line("hours", I(course.Hours));
        Line("fee", (course.FeeMinor / 100m).ToString("0.##", CultureInfo.InvariantCulture));
        Line("currency", Q(course.Currency));
        Line("capacity", I(course.Capacity));
        Line("scholarships", I(course.Scholarships));
        if (course.ScholarshipNote is { } note) Line("scholarship_note", Q(note));
        Line("applications_open", Q(Local(course.ApplicationsOpenUtc, zone)));
        Line("applications_close", Q(Local(course.ApplicationsCloseUtc, zone)));
        if (course.ResultsDate is { } results) Line("results_date", Q(Day(results)));
        Line("supervisor_endorsement", B(course.SupervisorEndorsement));
        Line("instructors_review", B(course.InstructorsReview));
        if (course.Rubric is { Count: > 0 } rubric) Line("rubric", "[" + string.Join(", ", rubric.Select(Q)) + "]");
        Line("scholarship_reply_days", I(course.ScholarshipReplyDays));
        Line("completion_attendance", I(course.CompletionAttendance));
        yaml.Append("phases:\n");
        foreach (var phase in course.Phases)
        {
            Line("- name", Q(phase.Name), 2);
            Line("modality", Q(phase.Modality.ToSlug()), 4);
            Line("starts", Q(Day(phase.StartsOn)), 4);
            Line("ends", Q(Day(phase.EndsOn)), 4);
            if (phase.Venue is { } venue) Line("venue", Q(venue), 4);
        }
        if (course.Sessions.Count > 0)
        {
            yaml.Append("sessions:\n");
            foreach (var session in course.Sessions)
            {
                Line("- title", Q(session.Title), 2);
                Line("organisation", Q(session.Organisation), 4);
                if (session.Speaker is { } speaker) Line("speaker", Q(speaker), 4);
                Line("starts", Q(Local(session.StartsUtc, zone)), 4);
                Line("minutes", I(session.Minutes), 4);
                if (session.JoinUrl is { } url) Line("join_url", Q(url), 4);
                if (session.Room is { } room) Line("room", Q(room), 4);
                if (session.Description is { } description) Line("description", Q(description), 4);
            }
        }
        Line("published", B(course.Published));
        yaml.Append("---\n");
        return yaml.Append(course.Description).ToString();
    }

    /// <summary>The module's file name (<c>NN-slug.md</c>) and text.</summary>
    public static (string FileName, string Text) Module(ModuleDocument module)
    {
        var yaml = new StringBuilder("---\n");
        yaml.Append("title: ").Append(Q(module.Title)).Append('\n');
        if (module.ReleaseOn is { } release) yaml.Append("release: ").Append(Q(Day(release))).Append('\n');
        if (module.Preview) yaml.Append("preview: true\n");
        yaml.Append("---\n").Append(module.Markdown);
        return (string.Create(CultureInfo.InvariantCulture, $"{module.Position:00}-{module.Slug}.md"), yaml.ToString());
    }

    private static string Q(string value) => JsonSerializer.Serialize(value, Json);
    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string B(bool value) => value ? "true" : "false";
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Local(DateTime utc, TimeZoneInfo zone) => ZonedTime.ToLocal(utc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
