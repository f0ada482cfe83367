using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Courses;

/// <summary>
/// The public schedule of a course as an iCalendar document (METHOD:PUBLISH), in the course's language
/// like the session titles it lists, without join links. Its links are to the site's public address, as in mails
/// and feeds, not to whatever host and scheme a request named (behind a proxy, plain http).
/// </summary>
public sealed class CourseCalendarQuery(CourseHubDbContext db, MailLayout layout, TimeProvider clock)
{
    public async Task<string?> RunAsync(string slug, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == slug && c.Published)
            .Select(c => new
            {
                c.Title,
                c.TimeZone,
                c.Language,
                Sessions = c.Sessions.OrderBy(s => s.StartsUtc)
                    // Without the join links: anyone may download this file, and the links are for accepted
                    // participants (their invitations, their own feed and the course page they see).
                    .Select(s => new CalendarSession(s.Uid, s.Title, s.Organisation, s.Speaker, s.StartsUtc, s.Minutes,
                        null, s.Room, s.Description, s.Sequence, s.Cancelled))
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;

        return CourseCalendar.Publish(
            new CalendarCourse(course.Title, course.TimeZone, layout.Link($"/courses/{slug}"), layout.ZoneName(course.TimeZone, course.Language)), course.Sessions, clock.GetUtcNow().UtcDateTime, course.Language);
    }
}
