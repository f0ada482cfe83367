using System.Net;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accounts;

public sealed class SignInTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    /// <summary>What a refused sign-in says: its error and the note beneath it.</summary>
    private static async Task<string[]> RefusalAsync(HttpResponseMessage response)
    {
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        return [page.QuerySelector(".error-summary li")!.Text().Trim(), page.QuerySelector(".sign-in-lockout")!.Text()];
    }

    [Fact]
    public async Task Failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = _site.NewBrowser();

        for (var i = 0; i < 5; i++)
        {
            var failed = await browser.SignInAsync("official@gob.mx", "wrong password here");
            Assert.Contains("The email or the password is not correct", await failed.Content.ReadAsStringAsync());
        }
        var locked = await browser.SignInAsync("official@gob.mx");

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(
            ["The email or the password is not correct.",
             "After 5 wrong passwords in a row an account cannot sign in for 15 minutes. “Forgot your password?” lets you choose a new one and sign in at once."],
            await RefusalAsync(locked));
    }

    [Fact]
    public async Task A_locked_account_is_answered_as_an_address_without_an_account_is()
    {
        await _site.CreateAsync("official@gob.mx");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx")
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.CalendarFeedToken, "0123456789abcdef0123456789abcdef0123456789abcdef")));
        var browser = _site.NewBrowser();
        for (var i = 0; i < 5; i++) await browser.SignInAsync("official@gob.mx", "wrong password here");

        var locked = await RefusalAsync(await browser.SignInAsync("official@gob.mx", "another wrong one"));
        var unknown = await RefusalAsync(await browser.SignInAsync("nobody@gob.mx", "another wrong one"));

        Assert.Equal(unknown, locked);
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_change_form_count_toward_the_lockout()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");
        Task<HttpResponseMessage> ChangeAsync(string current) => browser.SubmitAsync("/account/change-password", "/account/change-password",
            new Dictionary<string, string> { ["CurrentPassword"] = current, ["NewPassword"] = "a brand new passphrase", ["ConfirmPassword"] = "a brand new passphrase" });

        for (var i = 0; i < 4; i++)
        {
            var wrong = Html.Parse(await (await ChangeAsync($"guess number {i}")).Content.ReadAsStringAsync());
            Assert.Equal("The password is not correct.", wrong.QuerySelector("#CurrentPassword-error").Text());
        }
        await ChangeAsync("guess number 5");
        var right = await ChangeAsync(TestAccounts.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("Too many wrong passwords: wait a few minutes before you try again, or choose a new password through “Forgot your password?”.",
            Html.Parse(await right.Content.ReadAsStringAsync()).QuerySelector("#CurrentPassword-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == AccountMails.PasswordChangedKind)));
        Assert.Equal(HttpStatusCode.OK, (await _site.NewBrowser().SignInAsync("official@gob.mx")).StatusCode);   // refused: no redirect
    }

    [Fact]
    public async Task The_change_form_tells_a_repeated_password_only_to_who_typed_the_current_one()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        var guess = await browser.SubmitAsync("/account/change-password", "/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "a guessed passphrase", ["NewPassword"] = "a guessed passphrase", ["ConfirmPassword"] = "a guessed passphrase",
        });

        var page = Html.Parse(await guess.Content.ReadAsStringAsync());
        Assert.Equal("The password is not correct.", page.QuerySelector("#CurrentPassword-error").Text());
        Assert.Equal("", page.QuerySelector("#NewPassword-error").Text());
    }

    [Fact]
    public async Task Wrong_passwords_on_the_delete_form_count_toward_the_lockout_and_delete_nothing()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = $"guess number {i}" });
        }
        var right = await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        Assert.Equal("Too many wrong passwords: wait a few minutes before you try again, or choose a new password through “Forgot your password?”.",
            Html.Parse(await right.Content.ReadAsStringAsync()).QuerySelector("#Password-error").Text());
        Assert.True(await _site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "official@gob.mx")));
    }

    [Fact]
    public async Task Resetting_the_password_lifts_a_lockout()
    {
        await _site.CreateAsync("official@gob.mx");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx")
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.TimeZone, "America/Argentina/Buenos_Aires")));
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx")
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.CalendarFeedToken, "0123456789abcdef0123456789abcdef0123456789abcdef")));
        var browser = _site.NewBrowser();
        for (var i = 0; i < 5; i++) await browser.SignInAsync("official@gob.mx", "wrong password here");

        await ResetThroughTheMailAsync(browser, "my new long passphrase");

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("official@gob.mx", "my new long passphrase")).StatusCode);
        // The owner hears of the new password, as after a change: a reset they did not ask for is one to know of.
        var notice = await _site.LastMailAsync("official@gob.mx", AccountMails.PasswordChangedKind);
        Assert.Equal("Your password was changed", notice.Subject);
        Assert.Contains("The password of your account was changed on Thu 26 Nov 2026, 12:00 (GMT-3),", notice.TextBody, StringComparison.Ordinal);
        // Whoever held the account before it was taken back keeps no key to the sessions' join links.
        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync("/calendar/0123456789abcdef0123456789abcdef0123456789abcdef.ics")).StatusCode);
        Assert.Null(await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx").Select(u => u.CalendarFeedToken).SingleAsync()));
        Assert.Contains("The address of your calendar feed was turned off too, in case someone else knew it: if you had subscribed, make a new one at http://localhost:5220/account/calendar?lang=en",
            notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_again_while_signed_in_is_refused_rather_than_reusing_the_session()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        var again = await browser.SignInAsync("official@gob.mx");

        Assert.Contains("You are already signed in", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Each_sign_in_gets_a_new_session_cookie_that_is_http_only_lax_and_secure()
    {
        await _site.CreateAsync("official@gob.mx");

        var first = TestAccounts.SessionCookie(await _site.NewBrowser().SignInAsync("official@gob.mx"))!;
        var second = TestAccounts.SessionCookie(await _site.NewBrowser().SignInAsync("official@gob.mx"))!;

        Assert.NotEqual(first.Split(';')[0], second.Split(';')[0]);
        Assert.Contains("httponly", first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", first, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cookie_kept_from_before_sign_out_is_refused_afterwards()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = _site.NewBrowser();
        var cookie = TestAccounts.SessionCookie(await browser.SignInAsync("official@gob.mx"))!.Split(';')[0];

        var signOut = await browser.SubmitAsync("/account/profile", "/account/sign-out", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replay = _site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/profile");
        request.Headers.Add("Cookie", cookie);
        var response = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/sign-in", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("official@gob.mx", "Choose a password other than your email address.")]
    [InlineData("OFFICIAL@GOB.MX", "Choose a password other than your email address.")]
    [InlineData(TestAccounts.Password, "The new password is the one you have now: choose another.")]
    public async Task A_new_password_that_is_the_address_or_the_same_as_before_is_refused_and_nothing_changes(string newPassword, string message)
    {
        await _site.CreateAsync("official@gob.mx");
        var laptop = await _site.SignedInBrowserAsync("official@gob.mx");
        var phone = await _site.SignedInBrowserAsync("official@gob.mx");

        var change = await laptop.SubmitAsync("/account/change-password", "/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TestAccounts.Password, ["NewPassword"] = newPassword, ["ConfirmPassword"] = newPassword,
        });

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(message, Html.Parse(await change.Content.ReadAsStringAsync()).QuerySelector("#NewPassword-error").Text());
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/account/profile")).StatusCode);   // still signed in: nothing changed
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == AccountMails.PasswordChangedKind)));
    }

    [Fact]
    public async Task Changing_the_password_signs_out_the_other_sessions_but_not_this_one()
    {
        await _site.CreateAsync("official@gob.mx");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx").ExecuteUpdateAsync(set => set
            .SetProperty(u => u.TimeZone, "Mars/Olympus_Mons").SetProperty(u => u.CalendarFeedToken, "feedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeedfeed")));
        var laptop = await _site.SignedInBrowserAsync("official@gob.mx");
        var phone = await _site.SignedInBrowserAsync("official@gob.mx");

        var change = await laptop.SubmitAsync("/account/change-password", "/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TestAccounts.Password,
            ["NewPassword"] = "a brand new passphrase",
            ["ConfirmPassword"] = "a brand new passphrase",
        });

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/account/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/account/profile")).StatusCode);
        var notice = await _site.LastMailAsync("official@gob.mx", AccountMails.PasswordChangedKind);
        Assert.Equal("Your password was changed", notice.Subject);
        // When, in the person's zone (GMT for one who chose none, or one this machine does not know), and the way to take the account back.
        Assert.Contains("The password of your account was changed on Thu 26 Nov 2026, 15:00 (GMT),", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Choose a new password:\nhttp://localhost:5220/account/forgot-password?lang=en", notice.TextBody, StringComparison.Ordinal);
        // The owner changed it and keeps the feed, and hears how to renew its address should the old password have leaked.
        Assert.NotNull(await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx").Select(u => u.CalendarFeedToken).SingleAsync()));
        Assert.Contains("If someone else may have known your old password, also give your calendar feed a new address: http://localhost:5220/account/calendar?lang=en",
            notice.TextBody, StringComparison.Ordinal);
    }

    /// <summary>"Forgot your password?", the link in the mail, and a new password chosen on the page it opens.</summary>
    private async Task ResetThroughTheMailAsync(HttpClient browser, string password)
    {
        await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "official@gob.mx" });
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("official@gob.mx", AccountMails.ResetPasswordKind), "/account/reset-password");
        var form = Html.Parse(await browser.GetStringAsync(link));
        await browser.SubmitAsync(link, "/account/reset-password", new Dictionary<string, string>
        {
            ["UserId"] = form.QuerySelector("#UserId")!.GetAttribute("value")!, ["Token"] = form.QuerySelector("#Token")!.GetAttribute("value")!,
            ["Password"] = password, ["ConfirmPassword"] = password,
        });
    }

    [Fact]
    public async Task A_reset_in_the_same_minute_as_a_change_is_told_too()
    {
        await _site.CreateAsync("official@gob.mx");
        var laptop = await _site.SignedInBrowserAsync("official@gob.mx");
        await laptop.SubmitAsync("/account/change-password", "/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = TestAccounts.Password, ["NewPassword"] = "a brand new passphrase", ["ConfirmPassword"] = "a brand new passphrase",
        });

        await ResetThroughTheMailAsync(_site.NewBrowser(), "another long passphrase");

        // The clock has not moved: two changes, two mails.
        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == AccountMails.PasswordChangedKind)));
    }

    [Fact]
    public async Task Forgotten_password_is_reset_through_the_mailed_link()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = _site.NewBrowser();

        var asked = await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "official@gob.mx" });
        Assert.Contains("Check your email", await asked.Content.ReadAsStringAsync());
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("official@gob.mx", AccountMails.ResetPasswordKind), "/account/reset-password");
        Assert.EndsWith("&lang=en", link, StringComparison.Ordinal);   // the page opens in the mail's language
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx").ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredLanguage, "pt")));
        _site.Clock.Advance(TimeSpan.FromMinutes(1));   // one reset mail a minute
        await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "official@gob.mx" });
        var portuguese = TestAccounts.LinkIn(await _site.LastMailAsync("official@gob.mx", AccountMails.ResetPasswordKind), "/account/reset-password");
        Assert.Equal("pt", Html.Parse(await _site.NewBrowser().GetStringAsync(portuguese)).DocumentElement.GetAttribute("lang"));

        var reset = await browser.SubmitAsync(link, "/account/reset-password", new Dictionary<string, string>
        {
            ["UserId"] = Html.Parse(await browser.GetStringAsync(link)).QuerySelector("#UserId")!.GetAttribute("value")!,
            ["Token"] = Html.Parse(await browser.GetStringAsync(link)).QuerySelector("#Token")!.GetAttribute("value")!,
            ["Password"] = "my new long passphrase",
            ["ConfirmPassword"] = "my new long passphrase",
        });

        Assert.Contains("Your password was changed", await reset.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("official@gob.mx")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("official@gob.mx", "my new long passphrase")).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_reads_the_same_and_sends_nothing()
    {
        var response = await _site.NewBrowser().SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "nobody@nowhere.org" });

        Assert.Contains("Check your email", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Return_url_is_followed_only_within_the_site()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = _site.NewBrowser();
        var token = await browser.AntiforgeryTokenAsync("/account/sign-in");

        var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "official@gob.mx", ["Password"] = TestAccounts.Password, ["ReturnUrl"] = "https://evil.example/", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Post_without_its_antiforgery_token_is_rejected()
    {
        await _site.CreateAsync("official@gob.mx");

        var response = await _site.NewBrowser().PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "official@gob.mx", ["Password"] = TestAccounts.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_restart_logs_nobody_out()
    {
        await _site.CreateAsync("official@gob.mx");
        var cookie = TestAccounts.SessionCookie(await _site.NewBrowser().SignInAsync("official@gob.mx"))!.Split(';')[0];

        using var restarted = new TestSite(sharedRoot: _site.Root);
        var client = restarted.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/profile");
        request.Headers.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }
}

public sealed class RateLimitTests : IDisposable
{
    private readonly TestSite _site = new(settings: new Dictionary<string, string> { ["Security:AuthRequestsPerMinute"] = "3" });

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_a_page()
    {
        var browser = _site.NewBrowser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await browser.SignInAsync("someone@gob.pe", "wrong password here")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_refused_attempt_says_to_wait_a_minute_and_that_the_typed_form_is_kept()
    {
        var browser = _site.NewBrowser();
        for (var i = 0; i < 3; i++) await browser.SignInAsync("someone@gob.pe", "wrong password here");

        var refused = await browser.SignInAsync("someone@gob.pe", "wrong password here");

        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal(
            "Too many attempts came from your network in the last minute. Wait a minute, then go back and send the form again: your browser keeps what you typed.",
            Html.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("main p.lead")!.Text().Trim());
    }
}
