using System.Net;
using System.Text.RegularExpressions;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Accounts;

/// <summary>People and the browser-like steps tests need: accounts, forms with their antiforgery token, sign-in.</summary>
public static partial class TestAccounts
{
    public const string Password = "correct horse battery";

    public static async Task<ApplicationUser> CreateAsync(this TestSite site, string email, params string[] roles)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = $"Test {email.Split('@')[0]}",
            Country = "CL", Institution = "Ministry of Finance", Position = "Analyst", GovernmentLevel = GovernmentLevel.National,
            PreferredLanguage = "en",
        };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, [Roles.Participant, .. roles]);
        return user;
    }

    public static HttpClient NewBrowser(this TestSite site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    /// <summary>GETs the page that holds the form, then POSTs the form's fields with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, string action, IDictionary<string, string> fields)
    {
        var token = await AntiforgeryTokenAsync(client, pageUrl);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(action, new FormUrlEncodedContent(body));
    }

    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var response = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        var input = page.QuerySelector("input[name=__RequestVerificationToken]");
        Assert.NotNull(input);
        return input!.GetAttribute("value")!;
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password = Password) =>
        await client.SubmitAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
        });

    public static async Task<HttpClient> SignedInBrowserAsync(this TestSite site, string email)
    {
        var client = site.NewBrowser();
        var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Signs in a person who was added straight to the database: gives them the test password first.</summary>
    public static async Task<HttpClient> SignInAddedPersonAsync(this TestSite site, string email)
    {
        await site.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            user.PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(user, Password);
            return await db.SaveChangesAsync();
        });
        return await site.SignedInBrowserAsync(email);
    }

    /// <summary>The newest mail of a kind queued for an address.</summary>
    public static Task<OutboxMessage> LastMailAsync(this TestSite site, string address, string kind) =>
        site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == address && m.Kind == kind)
            .OrderByDescending(m => m.Id).FirstAsync());

    /// <summary>The site-relative path and query of the first link to this site in a mail's text.</summary>
    public static string LinkIn(OutboxMessage mail, string pathStart)
    {
        var match = Regex.Match(mail.TextBody, $@"https?://[^\s/]+(?<path>{Regex.Escape(pathStart)}[^\s]*)");
        Assert.True(match.Success, $"no link to {pathStart} in: {mail.TextBody}");
        return match.Groups["path"].Value;
    }

    public static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith("CourseHub.Session=", StringComparison.Ordinal))
            : null;
}
