using CourseHub.Core.Content;
using CourseHub.Web.Data.Entities;

namespace CourseHub.Web.Features.Sessions;

/// <summary>
/// What a session's calendar event tells its participants. A change to any of it, from the sessions page or from a
/// course file, is a new version of the event: its SEQUENCE goes up and every participant is mailed the update.
/// </summary>
public sealed record SessionEventFacts(
    string Title, string Organisation, string? Speaker, DateTime StartsUtc, int Minutes, string? JoinUrl, string? Room, string? Description)
{
    public static SessionEventFacts Of(LiveSession session) =>
        new(session.Title, session.Organisation, session.Speaker, session.StartsUtc, session.Minutes, session.JoinUrl, session.Room, session.Description);

    public static SessionEventFacts Of(SessionDocument session) =>
        new(session.Title, session.Organisation, session.Speaker, session.StartsUtc, session.Minutes, session.JoinUrl, session.Room, session.Description);
}
