using System.Net;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accessibility;

public sealed class BarrierReportTests : IDisposable
{
    private readonly TestSite _site = new(withRepositoryContent: false, settings: new Dictionary<string, string> { ["Site:ContactEmail"] = "access@institute.org" });

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Anyone_can_report_a_barrier_and_the_report_is_mailed_to_the_programme_team()
    {
        var browser = _site.NewBrowser();

        var response = await browser.SubmitAsync("/accessibility", "/accessibility", new Dictionary<string, string>
        {
            ["Page"] = "/courses", ["Description"] = "The filter button is not announced by my screen reader.", ["Email"] = "reader@gob.ec",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await _site.WithDbAsync(db => db.OutboxMessages.SingleAsync());
        Assert.Equal("access@institute.org", mail.ToAddress);
        Assert.Contains("The filter button is not announced by my screen reader.", mail.TextBody);
        Assert.Contains("Reply to: reader@gob.ec", mail.TextBody);
    }

    [Fact]
    public async Task Report_without_a_description_is_refused_on_its_field_and_nothing_is_sent()
    {
        var response = await _site.NewBrowser().SubmitAsync("/accessibility", "/accessibility", new Dictionary<string, string> { ["Description"] = "" });

        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Describe the barrier you met.", page.QuerySelector("#Description-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task The_statement_is_linked_from_every_page()
    {
        var page = Html.Parse(await _site.CreateClient().GetStringAsync("/courses"));

        Assert.NotNull(page.QuerySelector("footer a[href='/accessibility']"));
    }
}
