using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Learning;

/// <summary>A small course with three modules (the first a preview, the others released weekly), and its people.</summary>
public static class Learners
{
    public const string Slug = "civic-lab";
    public const string Course = $"/courses/{Slug}";

    /// <summary>Before the course: 26 Nov 2026. Module 2 opens on 11 Jan 2027 and module 3 on 18 Jan 2027 (Santiago).</summary>
    public static readonly DateTimeOffset AfterAllReleases = new(2027, 1, 20, 15, 0, 0, TimeSpan.Zero);

    /// <summary>The course ran from 4 to 29 January 2027: on 1 February it is over.</summary>
    public static readonly DateTimeOffset AfterTheCourse = new(2027, 2, 1, 15, 0, 0, TimeSpan.Zero);

    /// <summary>Takes the course off the catalogue, as an unpublished course file does, and imports it again.</summary>
    public static async Task UnpublishAsync(TestSite site)
    {
        site.WriteContent($"{Slug}/course.md", File.ReadAllText(Path.Combine(site.ContentPath, Slug, "course.md"))
            .Replace("phases:", "published: false\nphases:", StringComparison.Ordinal));
        await site.ImportAgainAsync();
    }

    public static TestSite SiteWithModules(int? completionAttendance = null)
    {
        var site = new TestSite(withRepositoryContent: false);
        site.WriteContent($"{Slug}/course.md", $"""
            ---
            title: Civic Lab
            summary: A short virtual course.
            language: en
            modality: virtual
            organiser: The Institute for Public Management
            audience: Officials.
            time_zone: America/Santiago
            hours: 12
            capacity: 30
            applications_open: 2026-11-01
            applications_close: 2026-12-15
            {(completionAttendance is { } share ? $"completion_attendance: {share}" : "")}
            phases:
              - name: Online
                modality: virtual
                starts: 2027-01-04
                ends: 2027-01-29
            ---
            A course for tests.
            """);
        site.WriteContent($"{Slug}/modules/01-welcome.md", "---\ntitle: Welcome\npreview: true\n---\n## What you will learn\n\nEverything.\n");
        site.WriteContent($"{Slug}/modules/02-methods.md", "---\ntitle: Methods\nrelease: 2027-01-11\n---\n## Methods\n\nSecret methods for participants.\n");
        site.WriteContent($"{Slug}/modules/03-practice.md", "---\ntitle: Practice\nrelease: 2027-01-18\n---\n## Practice\n\nPractice text.\n");
        return site;
    }

    /// <summary>An official whose application to the course was accepted, signed in.</summary>
    public static async Task<HttpClient> ParticipantAsync(this TestSite site, string email, string slug = Slug)
    {
        await site.CreateAsync(email);
        await site.AcceptAsync(email, slug);
        return await site.SignedInBrowserAsync(email);
    }

    public static Task<int> AcceptAsync(this TestSite site, string email, string slug = Slug) => site.WithDbAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.Email == email);
        db.Applications.Add(new Application
        {
            CourseId = await db.Courses.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync(),
            UserId = user.Id, State = ApplicationState.Accepted, Motivation = "Motivated.", RelationToWork = "Related.",
            SubmittedUtc = TestSite.DefaultNow.UtcDateTime, DecidedUtc = TestSite.DefaultNow.UtcDateTime, Country = user.Country,
        });
        return await db.SaveChangesAsync();
    });

    /// <summary>An instructor of the course, signed in.</summary>
    public static async Task<HttpClient> InstructorAsync(this TestSite site, string email, string slug = Slug)
    {
        var user = await site.CreateAsync(email, Web.Infrastructure.Security.Roles.Instructor);
        await site.WithDbAsync(async db =>
        {
            db.CourseInstructors.Add(new CourseInstructor { CourseId = await db.Courses.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync(), UserId = user.Id });
            return await db.SaveChangesAsync();
        });
        return await site.SignedInBrowserAsync(email);
    }

    /// <summary>A live session of the course that started at <paramref name="startsUtc"/>, and who attended it.</summary>
    public static Task<int> HeldSessionAsync(this TestSite site, DateTime startsUtc, bool cancelled = false, params (string Email, bool Present)[] attendance) =>
        site.WithDbAsync(async db =>
        {
            var session = new LiveSession
            {
                CourseId = await db.Courses.Where(c => c.Slug == Slug).Select(c => c.Id).SingleAsync(), Uid = Guid.NewGuid(),
                Title = $"Session {startsUtc:yyyyMMddHHmm}", Organisation = "ECLAC", StartsUtc = startsUtc, Minutes = 60, Cancelled = cancelled,
            };
            db.LiveSessions.Add(session);
            await db.SaveChangesAsync();
            foreach (var (email, present) in attendance)
            {
                db.SessionAttendances.Add(new SessionAttendance
                {
                    SessionId = session.Id, UserId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(), Present = present,
                    RecordedUtc = startsUtc,
                });
            }
            return await db.SaveChangesAsync();
        });

    public static Task<HttpResponseMessage> MarkAsync(this HttpClient client, string module, bool done = true) =>
        client.SubmitAsync($"{Course}/modules/{module}", $"{Course}/modules/{module}/done",
            new Dictionary<string, string> { ["done"] = done ? "true" : "false" });
}
