using CourseHub.Core.Courses;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Applications;

/// <summary>When and where a course is held, as the mails of the selection tell it: its days, and its phases with their venues.</summary>
public static class CoursePlaces
{
    /// <summary>The course as stored.</summary>
    public static async Task<ApplicationMails.PlaceIn> PlaceInAsync(this CourseHubDbContext db, int courseId, CancellationToken cancellationToken) =>
        PlaceOf(await db.Courses.AsNoTracking().Include(c => c.Phases).SingleAsync(c => c.Id == courseId, cancellationToken));

    /// <summary>A course with its phases loaded, as it is in memory: also one about to be saved with new days.</summary>
    public static ApplicationMails.PlaceIn PlaceOf(Course course) =>
        new(course.Slug, course.StartsOn, course.EndsOn)
        {
            Published = course.Published,
            Phases = course.Phases.OrderBy(p => p.Position)
                .Select(p => new ApplicationMails.PhaseDates(p.Name, p.StartsOn, p.EndsOn, p.Modality == Modality.Virtual ? null : p.Venue, p.Modality)).ToList(),
        };
}
