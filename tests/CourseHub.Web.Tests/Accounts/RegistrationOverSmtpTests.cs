using System.Net;
using System.Text.RegularExpressions;
using CourseHub.Web.Tests.Email;
using Microsoft.AspNetCore.Mvc.Testing;
using netDumbster.smtp;

namespace CourseHub.Web.Tests.Accounts;

/// <summary>The whole journey through a real SMTP server on a loopback port: register, receive, confirm, sign in.</summary>
public sealed class RegistrationOverSmtpTests
{
    [Fact]
    public async Task Official_registers_receives_the_confirmation_mail_follows_its_link_and_signs_in()
    {
        using var smtp = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        using var site = MailSite.Smtp(smtp.Configuration.Port);
        var browser = site.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var registered = await browser.SubmitAsync("/account/register", "/account/register", new Dictionary<string, string>
        {
            ["Email"] = "luis.rojas@mef.gob.pe", ["Password"] = "a long and private phrase", ["ConfirmPassword"] = "a long and private phrase",
            ["FullName"] = "Luis Rojas", ["Country"] = "PE", ["Institution"] = "Ministerio de Economía y Finanzas",
            ["Position"] = "Especialista", ["GovernmentLevel"] = "National", ["PreferredLanguage"] = "es",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        await site.Dispatcher.DispatchDueAsync(CancellationToken.None);
        await MailSite.EventuallyAsync(() => smtp.ReceivedEmailCount == 1, "the confirmation mail has arrived");
        var mail = MailSite.Parse(smtp.ReceivedEmail.Single().Data);
        Assert.Equal("luis.rojas@mef.gob.pe", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Confirme su dirección de correo", mail.Subject);
        var link = Regex.Match(mail.TextBody ?? "", @"https?://[^\s/]+(?<path>/account/confirm-email[^\s]*)").Groups["path"].Value;
        Assert.False(string.IsNullOrEmpty(link));

        var confirmed = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var signedIn = await browser.SignInAsync("luis.rojas@mef.gob.pe", "a long and private phrase");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/profile")).StatusCode);
    }
}
