using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Applications;

/// <summary>A small course written into a site's content, and quick ways to fill it with applicants.</summary>
public static class Enrolment
{
    public const string Slug = "policy-lab";

    public static TestSite SiteWithCourse(int capacity = 3, int scholarships = 2, bool inPerson = true, bool endorsement = false, bool instructorsReview = true,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var site = new TestSite(withRepositoryContent: false, settings: settings);
        site.WriteContent($"{Slug}/course.md", $"""
            ---
            title: Policy Lab
            summary: A small hybrid course.
            language: en
            modality: {(inPerson ? "hybrid" : "virtual")}
            organiser: The institute
            audience: Officials.
            time_zone: America/Santiago
            hours: 20
            capacity: {capacity}
            scholarships: {scholarships}
            applications_open: 2026-11-01
            applications_close: 2027-03-31
            supervisor_endorsement: {(endorsement ? "true" : "false")}
            instructors_review: {(instructorsReview ? "true" : "false")}
            scholarship_reply_days: 5
            phases:
              - name: Online
                modality: virtual
                starts: 2027-05-03
                ends: 2027-05-28
            {(inPerson ? "  - name: Week in Santiago\n    modality: in-person\n    starts: 2027-06-07\n    ends: 2027-06-11\n    venue: ECLAC, Santiago" : "")}
            ---
            A course for tests.
            """);
        return site;
    }

    /// <summary>A second, virtual course beside the first, written before the site starts; <paramref name="more"/> adds front matter (e.g. sessions).</summary>
    public static void WriteSecondCourse(this TestSite site, string slug, string title, string starts, string ends, string more = "")
    {
        site.WriteContent($"{slug}/course.md", $"""
            ---
            title: {title}
            summary: Another course.
            language: en
            modality: virtual
            organiser: The institute
            audience: Officials.
            time_zone: America/Santiago
            hours: 10
            capacity: 10
            applications_open: 2026-11-01
            applications_close: 2027-03-31
            phases:
              - name: Online
                modality: virtual
                starts: {starts}
                ends: {ends}
            {more}
            ---
            Another course for tests.
            """);
    }

    public static Dictionary<string, string> Form(bool scholarship = false) => new()
    {
        ["Motivation"] = "I lead the open data unit of my ministry and want to design our first action plan.",
        ["RelationToWork"] = "I coordinate the publication of datasets across twelve agencies.",
        ["TravelNeeds"] = "",
        ["SupervisorName"] = "Rosa Díaz",
        ["SupervisorEmail"] = "rosa.diaz@gob.cl",
        ["RequestScholarship"] = scholarship ? "true" : "false",
        ["ScholarshipStatement"] = scholarship ? "My ministry has no travel budget this year." : "",
        ["DepartureCity"] = scholarship ? "Asunción" : "",
        ["NeedsLodging"] = "true",
    };

    /// <summary>Applicants added straight to the database, for tests about deciding rather than applying.</summary>
    public static async Task<List<int>> AddApplicantsAsync(this TestSite site, int count, ApplicationState state = ApplicationState.Submitted,
        bool scholarship = false, string prefix = "applicant")
    {
        return await site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == Slug);
            var ids = new List<Application>();
            for (var i = 0; i < count; i++)
            {
                var user = new ApplicationUser
                {
                    UserName = $"{prefix}{i}@gob.test", Email = $"{prefix}{i}@gob.test", NormalizedEmail = $"{prefix}{i}@GOB.TEST".ToUpperInvariant(),
                    NormalizedUserName = $"{prefix}{i}@GOB.TEST".ToUpperInvariant(), EmailConfirmed = true, FullName = $"Applicant {prefix} {i}",
                    Country = i % 2 == 0 ? "CL" : "PE", Institution = "Ministry", Position = "Analyst", PreferredLanguage = i % 2 == 0 ? "en" : "es",
                    SecurityStamp = Guid.NewGuid().ToString(),
                };
                db.Users.Add(user);
                var application = new Application
                {
                    CourseId = course.Id, UserId = user.Id, State = state, Motivation = "Motivated.", RelationToWork = "Related.",
                    SubmittedUtc = TestSite.DefaultNow.UtcDateTime.AddMinutes(i), Country = user.Country, Institution = user.Institution,
                    WaitlistedUtc = state == ApplicationState.Waitlisted ? TestSite.DefaultNow.UtcDateTime.AddMinutes(i) : null,
                    Scholarship = scholarship ? ScholarshipState.Requested : ScholarshipState.None,
                    ScholarshipStatement = scholarship ? "Needed." : null,
                };
                db.Applications.Add(application);
                ids.Add(application);
            }
            await db.SaveChangesAsync();
            return ids.Select(a => a.Id).ToList();
        });
    }

    /// <summary>A new official applies over HTTP with <see cref="Form"/>; their signed-in browser and the application's id.</summary>
    public static async Task<(HttpClient Browser, int ApplicationId)> AppliedAsync(this TestSite site, string email = "ana@gob.cl")
    {
        const string apply = $"/courses/{Slug}/apply";
        await site.CreateAsync(email);
        var browser = await site.SignedInBrowserAsync(email);
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, (await browser.SubmitAsync(apply, apply, Form())).StatusCode);
        return (browser, await site.WithDbAsync(db => db.Applications.Where(a => a.User!.Email == email).Select(a => a.Id).SingleAsync()));
    }

    public static Task<Application> ApplicationAsync(this TestSite site, int id) =>
        site.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id));

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient admin, IEnumerable<int> ids, Decision decision, string? note = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("decision", decision.ToString()), new("note", note ?? "") };
        fields.AddRange(ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return admin.PostFormAsync($"/review/{Slug}", $"/review/{Slug}/decide", fields);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string action, List<KeyValuePair<string, string>> fields)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        fields.Add(new("__RequestVerificationToken", token));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }
}
