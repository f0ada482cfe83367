using CourseHub.Core.Enrolments;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Applications;

/// <summary>Real concurrent HTTP requests against a real SQLite file: the limits hold whatever the timing.</summary>
public sealed class SqliteConcurrencyTests() : ConcurrencyTests(Enrolment.SiteWithCourse(capacity: 20, scholarships: 15, settings: TestSite.Sqlite));

/// <summary>The same requests against a real PostgreSQL server, where writers do not queue for one file lock.</summary>
[Collection(Infrastructure.PostgreSqlCollection.Name)]
public sealed class PostgreSqlConcurrencyTests(Infrastructure.PostgreSqlServer server)
    : ConcurrencyTests(Enrolment.SiteWithCourse(capacity: 20, scholarships: 15, settings: server.SiteSettings()));

public abstract class ConcurrencyTests(TestSite site) : IDisposable
{
    private readonly TestSite _site = site;

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<HttpClient[]> TwoAdminsAsync()
    {
        await _site.CreateAsync("first@institute.org", Roles.Admin);
        await _site.CreateAsync("second@institute.org", Roles.Admin);
        return [await _site.SignedInBrowserAsync("first@institute.org"), await _site.SignedInBrowserAsync("second@institute.org")];
    }

    [Fact]
    public async Task Thirty_parallel_accepts_against_twenty_seats_accept_exactly_twenty()
    {
        var admins = await TwoAdminsAsync();
        var ids = await _site.AddApplicantsAsync(30);
        var tokens = await Task.WhenAll(admins.Select(a => a.AntiforgeryTokenAsync($"/review/{Enrolment.Slug}")));

        await Task.WhenAll(ids.Select((id, i) => admins[i % 2].PostAsync($"/review/{Enrolment.Slug}/decide", new FormUrlEncodedContent(
        [
            new("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("decision", "Accept"), new("__RequestVerificationToken", tokens[i % 2]),
        ]))));

        var states = await _site.WithDbAsync(db => db.Applications.Select(a => a.State).ToListAsync());
        Assert.Equal(20, states.Count(s => s == ApplicationState.Accepted));
        Assert.Equal(10, states.Count(s => s == ApplicationState.Waitlisted));
    }

    [Fact]
    public async Task Fifty_parallel_awards_against_a_quota_of_fifteen_award_exactly_fifteen()
    {
        var admins = await TwoAdminsAsync();
        var ids = await _site.AddApplicantsAsync(50, ApplicationState.Accepted, scholarship: true);
        var tokens = await Task.WhenAll(admins.Select(a => a.AntiforgeryTokenAsync($"/review/{Enrolment.Slug}")));

        var responses = await Task.WhenAll(ids.Select((id, i) => admins[i % 2].PostAsync($"/review/{Enrolment.Slug}/scholarships/{id}/award",
            new FormUrlEncodedContent([new("__RequestVerificationToken", tokens[i % 2])]))));

        Assert.All(responses, r => Assert.True((int)r.StatusCode is 302 or 409, $"unexpected {(int)r.StatusCode}"));
        Assert.Equal(15, await _site.WithDbAsync(db => db.Applications.CountAsync(a => a.Scholarship == ScholarshipState.Awarded)));
        Assert.Equal(15, responses.Count(r => (int)r.StatusCode == 302));
    }

    [Fact]
    public async Task Thirty_officials_applying_at_once_each_get_their_own_application_audit_row_and_confirmation()
    {
        var emails = Enumerable.Range(0, 30).Select(i => $"official{i}@gob.cl").ToList();
        foreach (var email in emails) await _site.CreateAsync(email);
        var browsers = new List<HttpClient>();
        foreach (var email in emails) browsers.Add(await _site.SignedInBrowserAsync(email));
        var tokens = await Task.WhenAll(browsers.Select(b => b.AntiforgeryTokenAsync($"/courses/{Enrolment.Slug}/apply")));

        var responses = await Task.WhenAll(browsers.Select((b, i) => b.PostAsync($"/courses/{Enrolment.Slug}/apply",
            new FormUrlEncodedContent(new Dictionary<string, string>(Enrolment.Form()) { ["__RequestVerificationToken"] = tokens[i] }))));

        Assert.All(responses, r => Assert.Equal(System.Net.HttpStatusCode.SeeOther, r.StatusCode));
        var answered = responses.Select(r => int.Parse(r.Headers.Location!.OriginalString.Split("#application-")[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var stored = await _site.WithDbAsync(db => db.Applications.Include(a => a.User).ToDictionaryAsync(a => a.Id, a => a.User!.Email));
        Assert.Equal(emails, answered.Select(id => stored[id]));
        var audited = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "application.submitted").Select(e => e.ApplicationId!.Value).ToListAsync());
        Assert.Equal(answered.Order(), audited.Order());
        var mails = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == Web.Infrastructure.Email.Templates.ApplicationMails.ReceivedKind)
            .ToDictionaryAsync(m => m.IdempotencyKey, m => m.ToAddress));
        Assert.Equal(answered.Select((id, i) => ($"{Web.Infrastructure.Email.Templates.ApplicationMails.ReceivedKind}:{id}", emails[i])).ToDictionary(), mails);
    }

    [Fact]
    public async Task Twenty_parallel_identical_applications_store_one()
    {
        await _site.CreateAsync("eager@gob.cl");
        var browser = await _site.SignedInBrowserAsync("eager@gob.cl");
        var token = await browser.AntiforgeryTokenAsync($"/courses/{Enrolment.Slug}/apply");
        var form = new Dictionary<string, string>(Enrolment.Form()) { ["__RequestVerificationToken"] = token };
        _site.LoggedErrors.Clear();   // EF's first look for the migrations table of a new PostgreSQL database logs one

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => browser.PostAsync($"/courses/{Enrolment.Slug}/apply", new FormUrlEncodedContent(form))));

        Assert.All(responses, r => Assert.Equal(System.Net.HttpStatusCode.SeeOther, r.StatusCode));
        var stored = await _site.WithDbAsync(db => db.Applications.SingleAsync());
        Assert.All(responses, r => Assert.Equal($"/applications#application-{stored.Id}", r.Headers.Location!.OriginalString));
        Assert.True(_site.LoggedErrors.IsEmpty, string.Join("\n", _site.LoggedErrors));   // a double submit is expected, not an error for whoever runs the site
    }
}
