using System.Net;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accounts;

public sealed class RegistrationTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    private static Dictionary<string, string> Form(string email = "ana.perez@hacienda.gob.cl") => new()
    {
        ["Email"] = email,
        ["Password"] = "una frase larga y segura",
        ["ConfirmPassword"] = "una frase larga y segura",
        ["FullName"] = "Ana Pérez",
        ["Country"] = "CL",
        ["Institution"] = "Ministerio de Hacienda",
        ["Position"] = "Analista de presupuesto",
        ["GovernmentLevel"] = "National",
        ["Gender"] = "PreferNotToSay",
        ["PreferredLanguage"] = "es",
    };

    [Theory]
    [InlineData("1")]
    [InlineData("-1")]
    public async Task A_level_of_government_sent_as_a_number_is_refused_beside_its_field(string level)
    {
        var form = Form();
        form["GovernmentLevel"] = level;

        var response = await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", form);

        Assert.False(string.IsNullOrWhiteSpace(Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#GovernmentLevel-error")!.TextContent));
        Assert.False(await _site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "ana.perez@hacienda.gob.cl")));
    }

    [Fact]
    public async Task Registration_queues_a_confirmation_mail_in_the_persons_language_whose_link_confirms_the_address()
    {
        var browser = _site.NewBrowser();

        var response = await browser.SubmitAsync("/account/register", "/account/register", Form());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/check-email", response.Headers.Location!.OriginalString);
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.ConfirmEmailKind);
        Assert.Equal("Confirme su dirección de correo", mail.Subject);
        Assert.Contains("Estimado/a Ana Pérez", mail.TextBody);

        var confirm = await browser.GetAsync(TestAccounts.LinkIn(mail, "/account/confirm-email"));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Su dirección de correo está confirmada", await confirm.Content.ReadAsStringAsync());   // in the mail's language

        var signIn = await browser.SignInAsync("ana.perez@hacienda.gob.cl", "una frase larga y segura");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var profile = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Fact]
    public async Task A_visitor_who_meant_to_apply_registers_and_after_confirming_signs_in_straight_to_the_application_form()
    {
        const string apply = "/courses/estado-abierto-america-latina-caribe/apply";
        var browser = _site.NewBrowser();
        var toSignIn = (await browser.GetAsync(apply)).Headers.Location!.OriginalString;
        var signIn = await browser.GetPageAsync(toSignIn);
        var register = signIn.QuerySelectorAll("main a").Single(a => a.TextContent == "Create an account").GetAttribute("href")!;
        var returnUrl = (await browser.GetPageAsync(register)).QuerySelector("input[name=ReturnUrl]")!.GetAttribute("value");

        await browser.SubmitAsync(register, "/account/register", new Dictionary<string, string>(Form()) { ["ReturnUrl"] = returnUrl! });
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.ConfirmEmailKind);
        var confirmed = await browser.GetPageAsync(TestAccounts.LinkIn(mail, "/account/confirm-email"));
        var signInPage = confirmed.QuerySelectorAll("main a").Single(a => a.TextContent == "Iniciar sesión").GetAttribute("href")!;
        var kept = (await browser.GetPageAsync(signInPage)).QuerySelector("input[name=ReturnUrl]")!.GetAttribute("value")!;
        var signedIn = await browser.SubmitAsync(signInPage, "/account/sign-in", new Dictionary<string, string>
        {
            ["Email"] = "ana.perez@hacienda.gob.cl", ["Password"] = "una frase larga y segura", ["ReturnUrl"] = kept,
        });

        Assert.Equal(apply, returnUrl);
        Assert.Equal("Sign in to apply. New here? Create an account below: once your address is confirmed, you come back to the application form.",
            signIn.QuerySelector(".sign-in-reason")!.TextContent);
        Assert.Contains("Inicie sesión para continuar donde lo dejó.", confirmed.QuerySelector("main")!.TextContent);
        Assert.Equal(apply, signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_newcomer_can_give_their_time_zone_when_registering()
    {
        var browser = _site.NewBrowser();
        var form = (await browser.GetPageAsync("/account/register")).QuerySelector("select#TimeZone")!;

        await browser.SubmitAsync("/account/register", "/account/register", new Dictionary<string, string>(Form()) { ["TimeZone"] = "America/La_Paz" });

        Assert.Equal("Same as each course", form.QuerySelector("option[value='']")!.TextContent);
        Assert.NotNull(form.GetAttribute("data-browser-zone"));
        Assert.Equal("America/La_Paz", await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "ana.perez@hacienda.gob.cl").Select(u => u.TimeZone).SingleAsync()));
    }

    [Fact]
    public async Task The_zones_are_named_by_their_places_in_the_readers_language()
    {
        var portuguese = (await _site.NewBrowser().GetPageAsync("/account/register?lang=pt")).QuerySelector("select#TimeZone")!;

        string Place(string zone) => portuguese.QuerySelector($"option[value='{zone}']")!.TextContent.Split(" (GMT")[0];

        Assert.Equal(["Brasília, São Paulo", "Viena", "Varsóvia", "São Tomé", "Nova York"],
            new[] { "America/Sao_Paulo", "Europe/Vienna", "Europe/Warsaw", "Africa/Sao_Tome", "America/New_York" }.Select(Place));
    }

    [Fact]
    public async Task A_return_address_off_the_site_is_not_carried_into_the_confirmation_link()
    {
        var browser = _site.NewBrowser();

        await browser.SubmitAsync("/account/register", "/account/register", new Dictionary<string, string>(Form()) { ["ReturnUrl"] = "https://elsewhere.example/apply" });
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.ConfirmEmailKind);
        var confirmed = await browser.GetPageAsync(TestAccounts.LinkIn(mail, "/account/confirm-email") + "&returnUrl=%2F%2Felsewhere.example");

        Assert.DoesNotContain("returnUrl", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("/account/sign-in?lang=es", confirmed.QuerySelectorAll("main a").Single(a => a.TextContent == "Iniciar sesión").GetAttribute("href"));
    }

    [Fact]
    public async Task Ten_registrations_of_one_address_at_once_make_one_account_and_one_mail()
    {
        var browsers = Enumerable.Range(0, 10).Select(_ => _site.NewBrowser()).ToList();
        var tokens = await Task.WhenAll(browsers.Select(b => b.AntiforgeryTokenAsync("/account/register")));

        var responses = await Task.WhenAll(browsers.Select((b, i) =>
            b.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>(Form()) { ["__RequestVerificationToken"] = tokens[i] }))));

        // Every one is answered as a registration is: the page does not tell that the address had an account.
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.All(responses, r => Assert.StartsWith("/account/check-email", r.Headers.Location!.OriginalString, StringComparison.Ordinal));
        Assert.Equal(1, await _site.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "ana.perez@hacienda.gob.cl")));
        // A double submit: the confirmation the first queued is the one mail.
        Assert.Equal([AccountMails.ConfirmEmailKind], await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "ana.perez@hacienda.gob.cl").Select(m => m.Kind).ToListAsync()));
    }

    [Fact]
    public async Task Registered_profile_keeps_every_field_given()
    {
        await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form());

        var user = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "ana.perez@hacienda.gob.cl"));
        Assert.Equal(("Ana Pérez", "CL", "Ministerio de Hacienda", "Analista de presupuesto"), (user.FullName, user.Country, user.Institution, user.Position));
        Assert.Equal(Data.Entities.GovernmentLevel.National, user.GovernmentLevel);
        Assert.Equal(Data.Entities.Gender.PreferNotToSay, user.Gender);
        Assert.Equal("es", user.PreferredLanguage);
        Assert.False(user.EmailConfirmed);
    }

    [Fact]
    public async Task Unconfirmed_address_cannot_sign_in_and_is_told_why()
    {
        var browser = _site.NewBrowser();
        await browser.SubmitAsync("/account/register", "/account/register", Form());

        var response = await browser.SignInAsync("ana.perez@hacienda.gob.cl", "una frase larga y segura");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Please confirm your email address first", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_password_too_long_is_refused_as_too_long()
    {
        var form = Form();
        form["Password"] = form["ConfirmPassword"] = new string('p', 201);

        var page = Html.Parse(await (await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", form)).Content.ReadAsStringAsync());

        Assert.Equal("The password can be at most 200 characters long.", page.QuerySelector("#Password-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_name_on_two_lines_is_refused()
    {
        var form = Form();
        form["FullName"] = "Ana Pérez\nBcc: someone@example.org";

        var page = Html.Parse(await (await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", form)).Content.ReadAsStringAsync());

        Assert.Equal("Write the name on one line.", page.QuerySelector("#FullName-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [InlineData("Email", "a@b", "Email", "Enter an email address like name@institution.gov.")]
    [InlineData("FullName", "\u200B", "FullName", "Enter your full name.")]
    [InlineData("FullName", "Carol - verify your account at https://evil.example/login", "FullName", "A name cannot contain a web address.")]
    [InlineData("Institution", "\u200B\u200B", "Institution", "Enter your institution.")]
    [InlineData("Password", "ana.perez@hacienda.gob.cl", "Password", "Choose a password other than your email address.")]
    [InlineData("Email", "ana.perez@hacienda.gob.cl\u200B", "Email", "Enter an email address like name@institution.gov.")]
    [InlineData("Email", "ana.pérez@hacienda.gob.cl", "Email", "Use an address written with plain letters (a to z, without accents), digits and . _ - +: this one cannot name an account.")]
    [InlineData("Institution", "Ministerio\nde Hacienda", "Institution", "Write the institution on one line.")]
    public async Task Nonsense_that_looks_filled_in_is_refused_and_stores_nothing(string field, string value, string id, string message)
    {
        var form = Form();
        form[field] = System.Text.RegularExpressions.Regex.Unescape(value);
        if (field == "Password") form["ConfirmPassword"] = form[field];

        var page = Html.Parse(await (await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", form)).Content.ReadAsStringAsync());

        Assert.Equal(message, page.QuerySelector($"#{id}-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_time_zone_outside_the_profiles_list_is_refused_so_that_the_page_never_shows_another_as_chosen()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        Dictionary<string, string> Profile(string zone) => new()
        {
            ["FullName"] = "Ana Pérez", ["Country"] = "CL", ["Institution"] = "Ministerio de Hacienda", ["Position"] = "Analista",
            ["GovernmentLevel"] = "National", ["PreferredLanguage"] = "es", ["TimeZone"] = zone,
        };

        var alias = await browser.SubmitAsync("/account/profile", "/account/profile", Profile("UTC"));
        var listed = await browser.SubmitAsync("/account/profile", "/account/profile", Profile("America/Jamaica"));

        Assert.Equal("Choose a time zone from the list.", Html.Parse(await alias.Content.ReadAsStringAsync()).QuerySelector("#TimeZone-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, listed.StatusCode);
        var page = await browser.GetPageAsync("/account/profile");
        Assert.Equal("America/Jamaica", page.QuerySelector("#TimeZone option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Invalid_form_shows_each_message_next_to_its_field_keeps_what_was_typed_and_stores_nothing()
    {
        var form = Form();
        form["Email"] = "not-an-address";
        form["FullName"] = "";
        form["Country"] = "XX";
        form["ConfirmPassword"] = "something else entirely";

        var response = await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Enter an email address like name@institution.gov.", page.QuerySelector("#Email-error").Text());
        Assert.Equal("Enter your full name.", page.QuerySelector("#FullName-error").Text());
        Assert.Equal("Choose a country from the list.", page.QuerySelector("#Country-error").Text());
        Assert.Equal("The two passwords do not match.", page.QuerySelector("#ConfirmPassword-error").Text());
        Assert.Equal("true", page.QuerySelector("#Email")!.GetAttribute("aria-invalid"));
        Assert.Contains("Email-error", page.QuerySelector("#Email")!.GetAttribute("aria-describedby"));
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#Email']"));
        Assert.Equal("not-an-address", page.QuerySelector("#Email")!.GetAttribute("value"));
        Assert.Equal("Ministerio de Hacienda", page.QuerySelector("#Institution")!.GetAttribute("value"));
        Assert.Equal("es", page.QuerySelector("input[name=PreferredLanguage][checked]")!.GetAttribute("value"));
        Assert.Equal(0, await _site.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Registering_an_address_with_an_account_tells_its_owner_by_mail_and_the_visitor_nothing()
    {
        await _site.CreateAsync("ana.perez@hacienda.gob.cl");   // confirmed, in English

        var response = await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form("ANA.PEREZ@hacienda.gob.cl"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/check-email", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1, await _site.WithDbAsync(db => db.Users.CountAsync()));
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.AlreadyRegisteredKind);
        Assert.Equal("You already have a CourseHub account", mail.Subject);
        Assert.Contains("/account/forgot-password?lang=en", mail.TextBody, StringComparison.Ordinal);
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Kind == AccountMails.ConfirmEmailKind)));
        // Neither the password nor the profile typed in the attempt changed anything.
        Assert.True(await _site.WithDbAsync(db => db.Users.AnyAsync(u => u.FullName == "Test ana.perez")));
        var withTheOwnPassword = await _site.SignedInBrowserAsync("ana.perez@hacienda.gob.cl");
        Assert.Equal(HttpStatusCode.OK, (await withTheOwnPassword.GetAsync("/account/profile")).StatusCode);
        var withTheTypedPassword = await _site.NewBrowser().SubmitAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string>
        {
            ["Email"] = "ana.perez@hacienda.gob.cl", ["Password"] = Form()["Password"],
        });
        Assert.Equal(HttpStatusCode.OK, withTheTypedPassword.StatusCode);   // refused: the form comes back
    }

    [Fact]
    public async Task An_account_someone_else_started_with_your_address_becomes_yours_through_the_mailed_password_link()
    {
        // Someone registers the address with a password of theirs and never confirms it.
        var intruder = Form();
        intruder["Password"] = intruder["ConfirmPassword"] = "the intruder's own passphrase";
        await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", intruder);
        _site.Clock.Advance(TimeSpan.FromHours(1));

        // The address's owner registers: the page reads as any registration; the mail lets them choose the password.
        var response = await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form());
        Assert.StartsWith("/account/check-email", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.AlreadyRegisteredKind);
        Assert.Equal("Termine de crear su cuenta en CourseHub", mail.Subject);
        var link = TestAccounts.LinkIn(mail, "/account/reset-password");
        var owner = _site.NewBrowser();
        var chosen = await owner.SubmitAsync(link, link, new Dictionary<string, string> { ["Password"] = "the owner's own passphrase", ["ConfirmPassword"] = "the owner's own passphrase" });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);

        // Choosing the password confirmed the address; the intruder's password no longer opens the account.
        Assert.True(await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "ana.perez@hacienda.gob.cl").Select(u => u.EmailConfirmed).SingleAsync()));
        async Task<HttpResponseMessage> SignIn(string password) => await _site.NewBrowser().SubmitAsync("/account/sign-in", "/account/sign-in",
            new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl", ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn("the owner's own passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn("the intruder's own passphrase")).StatusCode);
    }

    [Fact]
    public async Task Confirmation_link_with_a_forged_token_is_refused()
    {
        await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form());
        var id = await _site.WithDbAsync(db => db.Users.Select(u => u.Id).SingleAsync());

        var response = await _site.NewBrowser().GetAsync($"/account/confirm-email?userId={id}&token=forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await _site.WithDbAsync(db => db.Users.Select(u => u.EmailConfirmed).SingleAsync()));
    }

    [Fact]
    public async Task Asking_twice_for_a_new_link_within_a_minute_sends_one_mail()
    {
        var browser = _site.NewBrowser();
        await browser.SubmitAsync("/account/register", "/account/register", Form());
        var fields = new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl" };
        _site.Clock.Advance(TimeSpan.FromMinutes(2));

        await browser.SubmitAsync("/account/check-email", "/account/resend-confirmation", fields);
        await browser.SubmitAsync("/account/check-email", "/account/resend-confirmation", fields);

        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == AccountMails.ConfirmEmailKind)));
    }

    [Fact]
    public async Task A_new_link_asked_for_an_account_started_long_ago_lets_the_address_choose_the_password()
    {
        await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form());
        _site.Clock.Advance(TimeSpan.FromDays(1));

        await _site.NewBrowser().SubmitAsync("/account/check-email", "/account/resend-confirmation", new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl" });

        // Whoever started the account, the mailbox's owner decides its password: a bare confirmation could activate someone else's.
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == AccountMails.ConfirmEmailKind)));
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.AlreadyRegisteredKind);
        Assert.Contains("/account/reset-password?", mail.TextBody, StringComparison.Ordinal);
    }

    private const string Apply = "/courses/estado-abierto-america-latina-caribe/apply";

    /// <summary>Signs in through a mailed sign-in page (its hidden return address kept) and says where the site then leads.</summary>
    private async Task<string> SignedInThroughAsync(HttpClient browser, string signInPage, string password)
    {
        var kept = (await browser.GetPageAsync(signInPage)).QuerySelector("input[name=ReturnUrl]")!.GetAttribute("value") ?? "";
        var signedIn = await browser.SubmitAsync(signInPage, "/account/sign-in", new Dictionary<string, string>
        {
            ["Email"] = "ana.perez@hacienda.gob.cl", ["Password"] = password, ["ReturnUrl"] = kept,
        });
        return signedIn.Headers.Location!.OriginalString;
    }

    /// <summary>Chooses a new password through a mailed link's form (its hidden fields kept) and reads the page that answers.</summary>
    private static async Task<AngleSharp.Dom.IDocument> NewPasswordChosenAsync(HttpClient browser, string link, string password)
    {
        var form = await browser.GetPageAsync(link);
        string Hidden(string name) => form.QuerySelector($"input[name={name}]")!.GetAttribute("value") ?? "";
        var response = await browser.SubmitAsync(link, "/account/reset-password", new Dictionary<string, string>
        {
            ["UserId"] = Hidden("UserId"), ["Token"] = Hidden("Token"), ["ReturnUrl"] = Hidden("ReturnUrl"),
            ["Password"] = password, ["ConfirmPassword"] = password,
        });
        return Html.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Someone_who_registers_again_from_the_application_form_is_mailed_a_sign_in_link_back_to_it()
    {
        await _site.CreateAsync("ana.perez@hacienda.gob.cl");
        var browser = _site.NewBrowser();

        await browser.SubmitAsync($"/account/register?returnUrl={Uri.EscapeDataString(Apply)}", "/account/register",
            new Dictionary<string, string>(Form()) { ["ReturnUrl"] = Apply });
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.AlreadyRegisteredKind);

        Assert.Equal(Apply, await SignedInThroughAsync(browser, TestAccounts.LinkIn(mail, "/account/sign-in"), TestAccounts.Password));
    }

    [Fact]
    public async Task A_new_confirmation_link_asked_for_from_the_waiting_page_still_leads_back_to_the_application_form()
    {
        var browser = _site.NewBrowser();
        var registered = await browser.SubmitAsync($"/account/register?returnUrl={Uri.EscapeDataString(Apply)}", "/account/register",
            new Dictionary<string, string>(Form()) { ["ReturnUrl"] = Apply });
        var waiting = registered.Headers.Location!.OriginalString;
        var kept = (await browser.GetPageAsync(waiting)).QuerySelector("form[action='/account/resend-confirmation'] input[name=ReturnUrl]")!.GetAttribute("value")!;
        _site.Clock.Advance(TimeSpan.FromMinutes(2));

        await browser.SubmitAsync(waiting, "/account/resend-confirmation", new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl", ["ReturnUrl"] = kept });
        var mail = await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.ConfirmEmailKind);
        var confirmed = await browser.GetPageAsync(TestAccounts.LinkIn(mail, "/account/confirm-email"));
        var signIn = confirmed.QuerySelectorAll("main a").Single(a => a.TextContent == "Iniciar sesión").GetAttribute("href")!;

        Assert.Equal(Apply, kept);
        Assert.Equal(Apply, await SignedInThroughAsync(browser, signIn, Form()["Password"]));
    }

    [Fact]
    public async Task Choosing_the_password_of_an_account_started_long_ago_leads_through_sign_in_back_to_the_application_form()
    {
        await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form());
        _site.Clock.Advance(TimeSpan.FromDays(1));
        var browser = _site.NewBrowser();

        await browser.SubmitAsync("/account/check-email", "/account/resend-confirmation",
            new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl", ["ReturnUrl"] = Apply });
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.AlreadyRegisteredKind), "/account/reset-password");
        var chosen = await NewPasswordChosenAsync(browser, link, "the owner's own passphrase");
        var signIn = chosen.QuerySelectorAll("main a").Single(a => a.TextContent == "Iniciar sesión").GetAttribute("href")!;

        Assert.Equal(Apply, await SignedInThroughAsync(browser, signIn, "the owner's own passphrase"));
    }

    [Fact]
    public async Task A_return_address_off_the_site_is_not_carried_into_a_new_link()
    {
        await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", Form());
        _site.Clock.Advance(TimeSpan.FromMinutes(2));

        await _site.NewBrowser().SubmitAsync("/account/check-email", "/account/resend-confirmation",
            new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl", ["ReturnUrl"] = "https://elsewhere.example/" });

        Assert.DoesNotContain("returnUrl", (await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.ConfirmEmailKind)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_sent_to_sign_in_by_apply_who_forgot_the_password_comes_back_to_the_application_form_after_choosing_a_new_one()
    {
        await _site.CreateAsync("ana.perez@hacienda.gob.cl");
        var browser = _site.NewBrowser();
        var signIn = await browser.GetPageAsync($"/account/sign-in?returnUrl={Uri.EscapeDataString(Apply)}");
        var forgot = signIn.QuerySelectorAll("main a").Single(a => a.TextContent == "Forgot your password?").GetAttribute("href")!;
        var kept = (await browser.GetPageAsync(forgot)).QuerySelector("form[action='/account/forgot-password'] input[name=ReturnUrl]")!.GetAttribute("value")!;

        await browser.SubmitAsync(forgot, "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "ana.perez@hacienda.gob.cl", ["ReturnUrl"] = kept });
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("ana.perez@hacienda.gob.cl", AccountMails.ResetPasswordKind), "/account/reset-password");
        var chosen = await NewPasswordChosenAsync(browser, link, "a brand new passphrase");
        var again = chosen.QuerySelectorAll("main a").Single(a => a.TextContent == "Sign in").GetAttribute("href")!;

        Assert.Equal(Apply, kept);
        Assert.Equal(Apply, await SignedInThroughAsync(browser, again, "a brand new passphrase"));
    }
}
