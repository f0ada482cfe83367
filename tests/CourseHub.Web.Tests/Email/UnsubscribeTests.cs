using System.Net;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Email;

public sealed class UnsubscribeTests
{
    /// <summary>
    /// An SMTP site that, like the finished site, demands an antiforgery token on every POST, so that
    /// the one-click test proves the unsubscribe action is the deliberate exception.
    /// </summary>
    private static MailSite SiteWithAntiforgeryEverywhere(int port) => new(
        [
            new("Mail:Mode", "Smtp"), new("Mail:Smtp:Host", "127.0.0.1"), new("Mail:Smtp:Security", "None"), new("Mail:Connections", "1"),
            new("Mail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        configure: (_, builder) => builder.ConfigureServices(services =>
            services.Configure<MvcOptions>(mvc => mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))));

    [Fact]
    public async Task One_click_post_without_antiforgery_token_stops_announcements_but_not_essential_mail()
    {
        await using var server = await ScriptedSmtpServer.StartAsync();
        using var site = SiteWithAntiforgeryEverywhere(server.Port);
        await site.EnqueueAsync("announcement-1", to: "ana.perez@example.org", essential: false);
        await site.DispatchUntilIdleAsync();
        var header = Assert.Single(server.Received).Headers["List-Unsubscribe"] ?? "";
        var url = new Uri(header.Trim('<', '>'));

        // What a mail client does for RFC 8058: a bare POST, no cookie, no page, no token.
        using var client = site.App.CreateClient(new() { HandleCookies = false });
        var response = await client.PostAsync(url.PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are unsubscribed", await response.Content.ReadAsStringAsync());
        Assert.Equal(["ANA.PEREZ@EXAMPLE.ORG"], await site.WithDbAsync(db => db.MailSuppressions.Select(s => s.Address).ToListAsync()));

        var announcement = await site.EnqueueAsync("announcement-2", to: "Ana.Perez@Example.org", essential: false);
        var invite = await site.EnqueueAsync("session-invite", to: "Ana.Perez@Example.org", essential: true);
        await site.DispatchUntilIdleAsync();

        Assert.Equal(OutboxStatus.Suppressed, (await site.MessageAsync(announcement)).Status);
        Assert.Equal(OutboxStatus.Sent, (await site.MessageAsync(invite)).Status);
        Assert.Equal(["Session confirmed: announcement-1", "Session confirmed: session-invite"], server.Received.Select(m => m.Subject));
    }

    [Fact]
    public async Task Unsubscribe_page_says_what_stops_and_what_continues_and_its_button_unsubscribes()
    {
        using var site = MailSite.Pickup();
        var token = site.App.Services.GetRequiredService<UnsubscribeTokens>().Create("luis@example.org");
        using var client = site.App.CreateClient();

        var page = await client.GetPageAsync($"/mail/unsubscribe/{token}");

        Assert.Equal("Stop announcement emails?", page.QuerySelector("h1").Text());
        var text = page.QuerySelector("main").Text();
        Assert.Contains("luis@example.org", text);
        Assert.Contains("announcements", text);
        Assert.Contains("your account, your applications", text);
        Assert.Contains("live sessions", text);
        var form = page.QuerySelector("main form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
        Assert.Empty(await site.WithDbAsync(db => db.MailSuppressions.ToListAsync()));

        // The button posts the form as a browser would, with the fields the page gave it.
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!));
        var response = await client.PostAsync($"/mail/unsubscribe/{token}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("You are unsubscribed", done.QuerySelector("h1").Text());
        Assert.Equal("LUIS@EXAMPLE.ORG", Assert.Single(await site.WithDbAsync(db => db.MailSuppressions.ToListAsync())).Address);

        // A click is not for good: the same page takes it back.
        var undo = done.QuerySelector($"main form[action='/mail/unsubscribe/{token}/undo']")!;
        var undoFields = undo.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!));
        var resumed = await client.PostAsync($"/mail/unsubscribe/{token}/undo", new FormUrlEncodedContent(undoFields));

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var back = Html.Parse(await resumed.Content.ReadAsStringAsync());
        Assert.Equal("Announcements are back on", back.QuerySelector("h1").Text());
        Assert.Equal("We will send announcements to luis@example.org again.", back.QuerySelector("[role=status]").Text());
        Assert.Empty(await site.WithDbAsync(db => db.MailSuppressions.ToListAsync()));
    }

    [Fact]
    public async Task Unsubscribing_twice_records_one_suppression()
    {
        using var site = MailSite.Pickup();
        var token = site.App.Services.GetRequiredService<UnsubscribeTokens>().Create("luis@example.org");
        using var client = site.App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostAsync($"/mail/unsubscribe/{token}", null)));
        var again = await client.PostAsync($"/mail/unsubscribe/{token}", null);

        Assert.All(responses.Append(again), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await site.WithDbAsync(db => db.MailSuppressions.ToListAsync()));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Unsubscribe_link_with_a_forged_token_is_not_found(string method)
    {
        using var site = MailSite.Pickup();
        using var client = site.App.CreateClient();
        var forged = site.App.Services.GetRequiredService<UnsubscribeTokens>().Create("luis@example.org")[..^4] + "AAAA";

        foreach (var token in new[] { forged, "not-a-token" })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/mail/unsubscribe/{token}"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Page not found", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
        }
        var unknown = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/mail/unsubscribe/{forged}?lang=%3Cscript%3E"));
        Assert.Equal("Page not found", Html.Parse(await unknown.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
        // A link from a Spanish mail leads to a Spanish page, also when it leads nowhere.
        var spanish = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/mail/unsubscribe/{forged}?lang=es"));
        Assert.Equal(HttpStatusCode.NotFound, spanish.StatusCode);
        Assert.Equal("Página no encontrada", Html.Parse(await spanish.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
        Assert.Empty(await site.WithDbAsync(db => db.MailSuppressions.ToListAsync()));
    }
}
