using System.Net;
using System.Text;
using AngleSharp.Dom;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Reports;

public sealed class ReportsTests : IAsyncLifetime
{
    private readonly TestSite _site = Enrolment.SiteWithCourse();
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _site.WriteSecondCourse("data-lab", "Data Lab", starts: "2028-01-10", ends: "2028-02-04");
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        _admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    public Task DisposeAsync()
    {
        _site.Dispose();
        return Task.CompletedTask;
    }

    private sealed record Facts(string Country = "CL", string Institution = "Ministerio de Hacienda", Gender? Gender = null,
        GovernmentLevel Level = GovernmentLevel.National, ApplicationState State = ApplicationState.Submitted,
        ScholarshipState Scholarship = ScholarshipState.None, string Course = Enrolment.Slug);

    // Stored as the site stores them: the applicant's facts copied onto the application. No account is
    // needed for the figures, which is also how an application looks once its applicant deleted the account.
    private Task AddAsync(params Facts[] applications) => _site.WithDbAsync(async db =>
    {
        foreach (var facts in applications)
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == facts.Course);
            db.Applications.Add(new Application
            {
                CourseId = course.Id, State = facts.State, Motivation = "", RelationToWork = "", SubmittedUtc = TestSite.DefaultNow.UtcDateTime,
                Country = facts.Country, Institution = facts.Institution, Gender = facts.Gender, GovernmentLevel = facts.Level,
                Scholarship = facts.Scholarship,
            });
        }
        return await db.SaveChangesAsync();
    });

    /// <summary>The report's table as label → its cells (applications, share, under review, accepted, …).</summary>
    private async Task<Dictionary<string, string[]>> TableAsync(string query)
    {
        var page = Html.Parse(await _admin.GetStringAsync($"/admin/reports?{query}"));
        return page.QuerySelectorAll("table.report-table tbody tr, table.report-table tfoot tr")
            .ToDictionary(row => row.QuerySelector("th").Text(), row => row.QuerySelectorAll("td").Select(td => td.Text()).ToArray());
    }

    [Fact]
    public async Task Counts_applications_by_country_with_each_state_and_scholarship_stage_and_a_total()
    {
        await AddAsync(
            new Facts("CL", State: ApplicationState.Accepted, Scholarship: ScholarshipState.Accepted),
            new Facts("CL", State: ApplicationState.Waitlisted, Scholarship: ScholarshipState.Requested),
            new Facts("CL", State: ApplicationState.Withdrawn, Scholarship: ScholarshipState.Forfeited),
            new Facts("PE", State: ApplicationState.Accepted, Scholarship: ScholarshipState.Awarded),
            new Facts("PE", State: ApplicationState.Rejected),
            new Facts("BR"));

        var table = await TableAsync("by=country");

        // Applications, share, under review, accepted, waitlist, not selected, withdrawn; scholarship requests, and of them: not
        // offered, awaiting an answer, accepted, declined or not answered in time, given back or lost with the place.
        Assert.Equal(["3", "50%", "0", "1", "1", "0", "1", "3", "1", "0", "1", "0", "1"], table["Chile"]);
        Assert.Equal(["2", "33%", "0", "1", "0", "1", "0", "1", "0", "1", "0", "0", "0"], table["Peru"]);
        Assert.Equal(["1", "17%", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"], table["Brazil"]);
        Assert.Equal(["6", "100%", "1", "2", "1", "1", "1", "4", "1", "1", "1", "0", "1"], table["Total"]);
    }

    [Fact]
    public async Task Every_scholarship_request_is_accounted_for_in_one_stage()
    {
        await AddAsync(
            new Facts(State: ApplicationState.Accepted, Scholarship: ScholarshipState.Declined),
            new Facts(State: ApplicationState.Accepted, Scholarship: ScholarshipState.Lapsed),
            new Facts(State: ApplicationState.Accepted, Scholarship: ScholarshipState.GivenBack),
            new Facts(State: ApplicationState.Withdrawn, Scholarship: ScholarshipState.Forfeited),
            new Facts(State: ApplicationState.Submitted, Scholarship: ScholarshipState.Requested),
            // Lost with the place, then accepted again: back on the reserve list, not offered (again) yet.
            new Facts(State: ApplicationState.Accepted, Scholarship: ScholarshipState.Forfeited));

        var chile = (await TableAsync("by=country"))["Chile"];

        Assert.Equal(["6", "2", "0", "0", "2", "2"], chile[7..]);
        Assert.Equal(int.Parse(chile[7]), chile[8..].Sum(int.Parse));
    }

    [Fact]
    public async Task The_shares_add_up_to_a_hundred()
    {
        await AddAsync(new Facts("CL"), new Facts("PE"), new Facts("BR"));

        var table = await TableAsync("by=country");

        // Each a third: rounded one by one they would make 99 %.
        Assert.Equal(100, new[] { "Chile", "Peru", "Brazil" }.Sum(country => int.Parse(table[country][1].TrimEnd('%'))));
        Assert.Equal("100%", table["Total"][1]);
    }

    [Fact]
    public async Task Most_applications_come_first_and_those_who_did_not_say_last()
    {
        await AddAsync(new Facts("BR"), new Facts("PE"), new Facts("PE"), new Facts("MX"), new Facts("MX"), new Facts("MX"),
            new Facts(""), new Facts(""), new Facts(""), new Facts(""));

        var page = Html.Parse(await _admin.GetStringAsync("/admin/reports?by=country"));

        Assert.Equal(["Mexico", "Peru", "Brazil", "Not stated"], page.QuerySelectorAll("table.report-table tbody th").Select(th => th.Text()));
    }

    [Fact]
    public async Task Institutions_written_with_other_capitals_accents_or_spaces_count_as_one()
    {
        await AddAsync(
            new Facts(Institution: "Ministerio de Hacienda"),
            new Facts(Institution: "Ministerio de Hacienda"),
            new Facts(Institution: "ministerio de  hacienda "),
            new Facts(Institution: "Ministério de Hacienda"),
            new Facts(Institution: "Ministerio\u00a0de Hacienda"),
            new Facts(Institution: "Contraloría General"),
            new Facts(Institution: ""));

        var table = await TableAsync("by=institution");

        Assert.Equal(3, table.Count - 1);   // three groups and the total
        Assert.Equal("5", table["Ministerio de Hacienda (Chile)"][0]);
        Assert.Equal("1", table["Contraloría General (Chile)"][0]);
        // An institution is required: an application without one is of an account deleted since.
        Assert.Equal("1", table["Account deleted"][0]);
    }

    [Fact]
    public async Task Institutions_of_one_name_in_two_countries_are_two_institutions()
    {
        await AddAsync(new Facts("CL"), new Facts("CL"), new Facts("CO"), new Facts("CR", Institution: "MINISTERIO DE HACIENDA"));

        var table = await TableAsync("by=institution");

        Assert.Equal(["Ministerio de Hacienda (Chile)", "Ministerio de Hacienda (Colombia)", "MINISTERIO DE HACIENDA (Costa Rica)", "Total"], table.Keys);
        Assert.Equal("2", table["Ministerio de Hacienda (Chile)"][0]);
    }

    [Fact]
    public async Task An_institution_is_named_as_most_of_its_applicants_wrote_it_counting_spellings_that_differ_only_in_spacing_as_one()
    {
        await AddAsync(
            new Facts(Institution: "MINISTERIO DE HACIENDA"),
            new Facts(Institution: "MINISTERIO DE HACIENDA"),
            new Facts(Institution: "Ministerio de Hacienda"),
            new Facts(Institution: "Ministerio  de Hacienda"),
            new Facts(Institution: " Ministerio de Hacienda"));

        var table = await TableAsync("by=institution");

        Assert.Equal("5", table["Ministerio de Hacienda (Chile)"][0]);
        Assert.Equal(2, table.Count);   // the institution and the total
    }

    [Fact]
    public async Task Gender_and_level_of_government_are_counted_with_those_who_did_not_say()
    {
        await AddAsync(
            new Facts(Gender: Gender.Female, Level: GovernmentLevel.Local),
            new Facts(Gender: Gender.Female, Level: GovernmentLevel.National),
            new Facts(Gender: Gender.Male, Level: GovernmentLevel.Local),
            new Facts(Gender: Gender.PreferNotToSay),
            new Facts());

        var byGender = await TableAsync("by=gender");
        var byLevel = await TableAsync("by=level");

        Assert.Equal(("2", "1", "1", "1"), (byGender["Female"][0], byGender["Male"][0], byGender["Preferred not to say"][0], byGender["Not stated"][0]));
        Assert.Equal(("2", "3"), (byLevel["Local"][0], byLevel["National"][0]));
    }

    [Fact]
    public async Task One_course_or_every_course()
    {
        await AddAsync(new Facts(), new Facts(), new Facts(Course: "data-lab"));
        var dataLab = await CourseIdAsync("data-lab");

        var everyCourse = await TableAsync("by=course");
        var oneCourse = await TableAsync($"by=country&course={dataLab}");

        Assert.Equal(("2", "1", "3"), (everyCourse["Policy Lab"][0], everyCourse["Data Lab"][0], everyCourse["Total"][0]));
        Assert.Equal("1", oneCourse["Total"][0]);
        var page = Html.Parse(await _admin.GetStringAsync($"/admin/reports?by=country&course={dataLab}"));
        Assert.Equal("Applications to Data Lab by country", page.QuerySelector("table.report-table caption").Text());
        Assert.Equal(dataLab.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#course option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_courses_starting_in_one_year()
    {
        await AddAsync(new Facts(), new Facts(), new Facts(Course: "data-lab"));

        var in2027 = Html.Parse(await _admin.GetStringAsync("/admin/reports?by=course&year=2027"));
        var in2028 = await TableAsync("by=course&year=2028");

        Assert.Equal(["", "2027", "2028"], in2027.QuerySelectorAll("#year option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["Policy Lab"], in2027.QuerySelectorAll("table.report-table tbody th").Select(th => th.Text()));
        Assert.Equal("Applications to the courses starting in 2027 by course", in2027.QuerySelector("table.report-table caption").Text());
        Assert.Equal("/admin/reports/export.csv?by=course&year=2027", in2027.QuerySelector("a[href^='/admin/reports/export.csv']")!.GetAttribute("href"));
        Assert.Equal(("1", "1"), (in2028["Data Lab"][0], in2028["Total"][0]));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/admin/reports?year=1999")).StatusCode);
        var csv = await _admin.GetAsync("/admin/reports/export.csv?by=course&year=2028");
        Assert.Equal("applications-courses-2028-by-course.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        // A course that does not start in the year chosen: the page says the two filters exclude each other.
        var policyLab = await CourseIdAsync(Enrolment.Slug);
        var neither = Html.Parse(await _admin.GetStringAsync($"/admin/reports?by=country&course={policyLab}&year=2028"));
        Assert.Equal("No application matches both the course and the year chosen.", neither.QuerySelector(".empty-state").Text());
    }

    [Fact]
    public async Task An_unknown_grouping_shows_the_report_by_country_and_an_unknown_course_is_not_found()
    {
        await AddAsync(new Facts("PE"));

        var response = await _admin.GetAsync("/admin/reports?by=shoe-size");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("country", page.QuerySelector("#by option[selected]")!.GetAttribute("value"));
        Assert.Equal("Peru", page.QuerySelector("table.report-table tbody th").Text());
        // A grouping by its place in the list ("1") is no grouping's name either.
        var byNumber = Html.Parse(await _admin.GetStringAsync("/admin/reports?by=1"));
        Assert.Equal("country", byNumber.QuerySelector("#by option[selected]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/admin/reports?course=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/admin/reports/export.csv?course=999999")).StatusCode);
    }

    [Fact]
    public async Task Counts_keep_the_facts_of_the_day_of_applying_and_outlive_the_account_without_its_institution()
    {
        await _site.CreateAsync("ana@gob.cl");
        var official = await _site.SignedInBrowserAsync("ana@gob.cl");
        var apply = $"/courses/{Enrolment.Slug}/apply";
        Assert.Equal(HttpStatusCode.SeeOther, (await official.SubmitAsync(apply, apply, Enrolment.Form())).StatusCode);
        await official.SubmitAsync("/account/profile", "/account/profile", new Dictionary<string, string>
        {
            ["FullName"] = "Ana Pérez", ["Country"] = "PE", ["Institution"] = "Contraloría General", ["Position"] = "Auditora",
            ["GovernmentLevel"] = "Local", ["PreferredLanguage"] = "en", ["TimeZone"] = "",
        });

        var afterMoving = await TableAsync("by=institution");
        Assert.Equal("1", afterMoving["Ministry of Finance (Chile)"][0]);
        Assert.Equal("Chile", (await TableAsync("by=country")).Keys.First());

        await official.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });
        Assert.False(await _site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "ana@gob.cl")));

        var afterLeaving = await TableAsync("by=institution");
        Assert.Equal(["Account deleted", "Total"], afterLeaving.Keys);
        // Withdrawn on leaving, and still counted where the person came from.
        Assert.Equal(["1", "100%", "0", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0"], (await TableAsync("by=country"))["Chile"]);
    }

    [Fact]
    public async Task With_no_applications_the_page_says_so()
    {
        var page = Html.Parse(await _admin.GetStringAsync("/admin/reports"));

        Assert.Null(page.QuerySelector("table.report-table"));
        Assert.Contains("No applications yet.", page.QuerySelector("main").Text());
    }

    [Fact]
    public async Task The_csv_has_a_line_per_group_and_the_total_and_neutralises_formulas()
    {
        await AddAsync(new Facts(Institution: "Ministerio de Hacienda", State: ApplicationState.Accepted), new Facts(Institution: "=HYPERLINK(\"http://x\")"));

        var response = await _admin.GetAsync("/admin/reports/export.csv?by=institution");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("applications-all-courses-by-institution.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').TrimEnd()
            .Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        Assert.Equal("Institution,Applications,% of all,Under review,Accepted applications,On the waitlist,Applications not selected,Withdrawn applications,"
            + "Scholarship requests,Scholarship requests not offered,Scholarships awaiting an answer,Scholarships accepted,"
            + "Scholarships declined or not answered in time,Scholarships given back or lost with the place", lines[0]);
        Assert.Contains("Ministerio de Hacienda (Chile),1,50,0,1,0,0,0,0,0,0,0,0,0", lines);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\") (Chile)\",1,50,1,0,0,0,0,0,0,0,0,0,0", lines);
        Assert.Equal("Total,2,100,1,1,0,0,0,0,0,0,0,0,0", lines[^1]);
    }

    [Fact]
    public async Task The_csv_for_a_decimal_comma_separates_its_cells_with_semicolons()
    {
        await AddAsync(new Facts(Institution: "Ministerio de Hacienda; Dirección de Presupuestos"), new Facts("PE"));

        var page = Html.Parse(await _admin.GetStringAsync("/admin/reports?by=institution"));
        var link = page.QuerySelector("a.csv-decimal-comma")!.GetAttribute("href")!;
        var lines = Encoding.UTF8.GetString(await _admin.GetByteArrayAsync(link)).TrimStart('\uFEFF').TrimEnd()
            .Split('\n').Select(line => line.TrimEnd('\r')).ToArray();

        Assert.Equal("/admin/reports/export.csv?by=institution&decimal=comma", link);
        Assert.StartsWith("Institution;Applications;% of all;Under review;", lines[0], StringComparison.Ordinal);
        // A semicolon in a cell is quoted, as a comma is in the other file.
        Assert.Contains("\"Ministerio de Hacienda; Dirección de Presupuestos (Chile)\";1;50;1;0;0;0;0;0;0;0;0;0;0", lines);
        Assert.Equal("Total;2;100;2;0;0;0;0;0;0;0;0;0;0", lines[^1]);
    }

    [Fact]
    public async Task A_courses_csv_is_named_after_it_and_speaks_the_readers_language()
    {
        await AddAsync(new Facts("PE"));
        await _admin.GetAsync("/language/es");

        var response = await _admin.GetAsync($"/admin/reports/export.csv?by=country&course={await CourseIdAsync(Enrolment.Slug)}");

        Assert.Equal($"applications-{Enrolment.Slug}-by-country.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFFPaís,Postulaciones,% del total,En revisión,Postulaciones aceptadas,", text);
        Assert.Contains("Perú,1,100,1,", text);
    }

    private Task<int> CourseIdAsync(string slug) => _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());

    [Fact]
    public async Task Only_admins_see_the_reports()
    {
        await _site.CreateAsync("ana@gob.cl");
        var participant = await _site.SignedInBrowserAsync("ana@gob.cl");

        foreach (var url in new[] { "/admin/reports", "/admin/reports/export.csv" })
        {
            var response = await participant.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_report_speaks_spanish()
    {
        await AddAsync(new Facts("PE", Gender: Gender.Female));
        await _admin.GetAsync("/language/es");

        var page = Html.Parse(await _admin.GetStringAsync("/admin/reports?by=gender"));

        Assert.Equal("Informes", page.QuerySelector("h1").Text());
        Assert.Equal("Femenino", page.QuerySelector("table.report-table tbody th").Text());
        Assert.Equal("Postulaciones a todos los cursos por género", page.QuerySelector("table.report-table caption").Text());
    }
}
