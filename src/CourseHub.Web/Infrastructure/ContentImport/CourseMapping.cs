using CourseHub.Core.Content;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email.Templates;

namespace CourseHub.Web.Infrastructure.ContentImport;

/// <summary>
/// The one mapping between a <see cref="CourseDocument"/> (what <c>course.md</c> says, or what the course form
/// posted, both judged by <see cref="ContentParser.ReadCourse"/>) and the <see cref="Course"/> entity. The
/// importer and the course pages both go through it, so a course imported from a file and one edited in the
/// browser are the same model, and an export of either imports back to the same course.
/// </summary>
public sealed class CourseMapping(MarkdownRenderer markdown)
{
    public static Course NewCourse(CourseDocument document) => new()
    {
        Slug = document.Slug,
        Title = document.Title,
        Summary = document.Summary,
        Language = document.Language,
        Organiser = document.Organiser,
        Audience = document.Audience,
        TimeZone = document.TimeZone,
        Currency = document.Currency,
        DescriptionMarkdown = string.Empty,
        DescriptionHtml = string.Empty,
    };

    /// <summary>Every fact of the document except its sessions, which have a life of their own (see <see cref="MergeSessions"/>).</summary>
    public void ApplyFacts(Course course, CourseDocument document, DateTime now)
    {
        var zone = ZonedTime.FindZone(document.TimeZone);
        course.Title = document.Title;
        course.Summary = document.Summary;
        course.Language = document.Language;
        course.Modality = document.Modality;
        course.Organiser = document.Organiser;
        course.OrganiserEmail = document.OrganiserEmail;
        course.Partners = document.Partners.ToList();
        course.Audience = document.Audience;
        course.TimeZone = document.TimeZone;
        course.Hours = document.Hours;
        course.FeeMinor = document.FeeMinor;
        course.Currency = document.Currency;
        course.Capacity = document.Capacity;
        course.ScholarshipQuota = document.Scholarships;
        course.ScholarshipNote = document.ScholarshipNote;
        course.ApplicationsOpenUtc = document.ApplicationsOpenUtc;
        course.ApplicationsCloseUtc = document.ApplicationsCloseUtc;
        course.ResultsDate = document.ResultsDate;
        course.StartsOn = document.StartsOn;
        course.EndsOn = document.EndsOn;
        course.StartsUtc = ZonedTime.StartOfDayUtc(document.StartsOn, zone);
        course.EndsUtc = ZonedTime.StartOfDayUtc(document.EndsOn.AddDays(1), zone);
        course.Published = document.Published;
        course.SupervisorEndorsement = document.SupervisorEndorsement;
        course.InstructorsReview = document.InstructorsReview;
        course.Rubric = (document.Rubric ?? []).ToList();
        course.ScholarshipReplyDays = document.ScholarshipReplyDays;
        course.CompletionAttendance = document.CompletionAttendance;
        ApplyDescription(course, document.Description);
        course.UpdatedUtc = now;

        course.Phases.Clear();
        course.Phases.AddRange(document.Phases.Select((p, i) => new CoursePhase
        {
            Position = i + 1,
            Name = p.Name,
            Modality = p.Modality,
            StartsOn = p.StartsOn,
            EndsOn = p.EndsOn,
            Venue = p.Venue,
        }));
    }

    /// <summary>The course page shows the description under its own level-2 heading.</summary>
    public const int DescriptionTopHeading = 3;

    /// <summary>Before the description's heading anchors: none of the course page's own ids starts so.</summary>
    public const string DescriptionIdPrefix = "description-";

    /// <summary>
    /// Raised whenever a stored text would now render otherwise (the renderer's pipeline or sanitizer, the heading
    /// levels here): modules and descriptions rendered by an earlier edition are rendered again when the site starts
    /// (<see cref="StoredRenderings"/>), their text untouched. <see cref="MarkdownRenderer.Version"/> is another
    /// matter: it makes the importer read every content file again, over the browser's edits.
    /// </summary>
    public const int RenderingEdition = 1;

    /// <summary>
    /// A module page has the module's title as its one level-1 heading: a text that starts its sections with "#" has
    /// its headings moved down beneath it (and into "On this page", which lists levels 2 and 3).
    /// </summary>
    public const int ModuleTopHeading = 2;

    /// <summary>The description is rendered once here, as modules are; the course page serves the stored HTML.</summary>
    public void ApplyDescription(Course course, string description)
    {
        course.DescriptionMarkdown = description;
        course.DescriptionHtml = RenderDescription(description);
        course.DescriptionRenderedEdition = RenderingEdition;
    }

    public string RenderDescription(string description) => markdown.Render(description, DescriptionTopHeading, DescriptionIdPrefix).Html;

    /// <summary>A module's text, rendered once here when it changes; the module page serves the stored HTML and contents.</summary>
    public void ApplyModuleText(Module module, string text)
    {
        var (html, toc) = RenderModule(text);
        module.Markdown = text;
        module.Html = html;
        module.TocJson = toc;
        module.RenderedEdition = RenderingEdition;
    }

    /// <summary>The HTML of a module's text, and its headings for "On this page" as JSON.</summary>
    public (string Html, string TocJson) RenderModule(string text)
    {
        var rendered = markdown.Render(text, ModuleTopHeading);
        return (rendered.Html, System.Text.Json.JsonSerializer.Serialize(rendered.Toc));
    }

    /// <summary>
    /// Sessions are matched by title so that each keeps its calendar UID; any change to it (time, duration, place,
    /// speaker, organisation, description, the title's letter case) raises its SEQUENCE and is mailed as an update,
    /// as from the sessions page, and a session gone from the file is cancelled rather than forgotten — unless it
    /// has begun: a session that took place is not called off, as on the sessions page.
    /// </summary>
    public static List<(LiveSession Session, InviteChange Change, SessionMails.SessionFacts? Previous)> MergeSessions(Course course, IReadOnlyList<SessionDocument> sessions, DateTime nowUtc)
    {
        var changes = new List<(LiveSession, InviteChange, SessionMails.SessionFacts?)>();
        // One session per title; should a course hold two that differ only in case (the forms once allowed it), the
        // one being held, else the newest, is the file's.
        var existing = course.Sessions.GroupBy(s => s.Title, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Cancelled).ThenByDescending(s => s.Id).First(), StringComparer.OrdinalIgnoreCase);
        foreach (var incoming in sessions)
        {
            if (existing.Remove(incoming.Title, out var session))
            {
                var changed = Features.Sessions.SessionEventFacts.Of(session) != Features.Sessions.SessionEventFacts.Of(incoming) || session.Cancelled;
                if (changed)
                {
                    session.ChangedForEveryone();
                    changes.Add(session.Cancelled
                        ? (session, InviteChange.New, null)
                        : (session, InviteChange.Updated, Features.Sessions.SessionInvitations.Facts(course, session, viewerTimeZone: null)));
                }
                session.Cancelled = false;
            }
            else
            {
                session = new LiveSession { Uid = Guid.NewGuid(), Title = incoming.Title, Organisation = incoming.Organisation };
                course.Sessions.Add(session);
                changes.Add((session, InviteChange.New, null));
            }
            session.Title = incoming.Title;
            session.Organisation = incoming.Organisation;
            session.Speaker = incoming.Speaker;
            session.StartsUtc = incoming.StartsUtc;
            session.Minutes = incoming.Minutes;
            session.JoinUrl = incoming.JoinUrl;
            session.Room = incoming.Room;
            session.Description = incoming.Description;
        }
        foreach (var dropped in existing.Values.Where(s => CancellationRule.CanCancel(s.Cancelled, s.StartsUtc, nowUtc)))
        {
            dropped.Cancelled = true;
            dropped.ChangedForEveryone();
            changes.Add((dropped, InviteChange.Cancelled, null));
        }
        return changes;
    }

    /// <summary>The course as a document: what the export writes and what the course form starts from. Cancelled sessions are left out.</summary>
    public static CourseDocument ToDocument(Course course) => new(
        course.Slug, course.Title, course.Summary, course.Language, course.Modality, course.Organiser, course.Partners, course.Audience,
        course.TimeZone, course.Hours, course.FeeMinor, course.Currency, course.Capacity, course.ScholarshipQuota, course.ScholarshipNote,
        course.ApplicationsOpenUtc, course.ApplicationsCloseUtc, course.ResultsDate,
        course.Phases.OrderBy(p => p.Position).Select(p => new PhaseDocument(p.Name, p.Modality, p.StartsOn, p.EndsOn, p.Venue)).ToList(),
        course.Sessions.Where(s => !s.Cancelled).OrderBy(s => s.StartsUtc)
            .Select(s => new SessionDocument(s.Title, s.Organisation, s.Speaker, s.StartsUtc, s.Minutes, s.JoinUrl, s.Room, s.Description)).ToList(),
        course.Published, course.DescriptionMarkdown, course.SupervisorEndorsement, course.InstructorsReview, course.Rubric,
        course.ScholarshipReplyDays, course.OrganiserEmail, course.CompletionAttendance);
}
