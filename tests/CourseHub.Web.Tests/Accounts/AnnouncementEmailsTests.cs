using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accounts;

/// <summary>Announcement emails are a person's choice, on their profile, as much as a link in each announcement.</summary>
public sealed class AnnouncementEmailsTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    private static string Choice(AngleSharp.Dom.IDocument profile) => profile.QuerySelector(".announcement-emails p").Text();

    [Fact]
    public async Task A_person_turns_announcements_off_on_their_profile_and_back_on()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");

        var before = await browser.GetPageAsync("/account/profile");
        Assert.StartsWith("On: you receive the announcements", Choice(before), StringComparison.Ordinal);

        await browser.SubmitAsync("/account/profile", "/account/announcements", new Dictionary<string, string> { ["receive"] = "false" });
        var off = await browser.GetPageAsync("/account/profile");
        Assert.Equal("Announcement emails are off.", off.QuerySelector(".alert[data-notice]").Text());
        Assert.StartsWith("Off: you receive no announcements", Choice(off), StringComparison.Ordinal);
        Assert.Equal("Receive announcements again", off.QuerySelector(".announcement-emails button").Text());
        Assert.Equal(["ANA@GOB.CL"], await _site.WithDbAsync(db => db.MailSuppressions.Select(s => s.Address).ToListAsync()));

        await browser.SubmitAsync("/account/profile", "/account/announcements", new Dictionary<string, string> { ["receive"] = "true" });
        var on = await browser.GetPageAsync("/account/profile");
        Assert.StartsWith("On: you receive the announcements", Choice(on), StringComparison.Ordinal);
        Assert.Empty(await _site.WithDbAsync(db => db.MailSuppressions.ToListAsync()));
    }

    [Fact]
    public async Task A_form_without_a_choice_changes_nothing()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");

        var response = await browser.SubmitAsync("/account/profile", "/account/announcements", new Dictionary<string, string>());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _site.WithDbAsync(db => db.MailSuppressions.ToListAsync()));
    }
}
