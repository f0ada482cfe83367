using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CourseHub.Web.Features.Account;
using CourseHub.Web.Tests.Accounts;

namespace CourseHub.Web.Tests.Localization;

public sealed partial class LocalizationTests(LocalizationTests.Site site) : IClassFixture<LocalizationTests.Site>
{
    public sealed class Site : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private static readonly string WebProject = Path.Combine(TestSite.RepositoryRoot, "src", "CourseHub.Web");

    [GeneratedRegex("""T\["((?:[^"\\]|\\.)+)"\s*[,\]]""")]
    private static partial Regex LocalizedKey();

    /// <summary>Validation attributes' messages, which the data-annotations localizer looks up by their English text.</summary>
    [GeneratedRegex(""""ErrorMessage\s*=\s*"((?:[^"\\]|\\.)+)"""")]
    private static partial Regex ValidationMessage();

    /// <summary>Fields' display names: labels, and the name a validation message gives the field.</summary>
    [GeneratedRegex(""""Display\(Name\s*=\s*"((?:[^"\\]|\\.)+)"""")]
    private static partial Regex DisplayName();

    private static string Resource(string language) => Path.Combine(WebProject, "Resources", $"SharedResource.{language}.resx");

    internal static HashSet<string> TranslatedKeys(string language) =>
        XDocument.Load(Resource(language)).Root!
            .Elements("data").Where(d => !string.IsNullOrWhiteSpace(d.Element("value")?.Value))
            .Select(d => d.Attribute("name")!.Value).ToHashSet(StringComparer.Ordinal);

    internal static HashSet<string> SpanishKeys() => TranslatedKeys("es");

    [Theory]
    [InlineData("es")]
    [InlineData("pt")]
    public void Every_text_a_view_or_controller_asks_to_translate_has_a_translation(string language)
    {
        var translated = TranslatedKeys(language);
        var views = Directory.EnumerateFiles(Path.Combine(WebProject, "Features"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)
                || f.EndsWith(".cs", StringComparison.Ordinal));
        var missing = views
            .SelectMany(file => LocalizedKey().Matches(File.ReadAllText(file)).Concat(ValidationMessage().Matches(File.ReadAllText(file)))
                .Concat(DisplayName().Matches(File.ReadAllText(file)))
                .Select(m => (File: Path.GetFileName(file), Key: Regex.Unescape(m.Groups[1].Value))))
            .Where(k => !translated.Contains(k.Key))
            .Select(k => $"{k.File}: \"{k.Key}\"")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"No {language} text for: " + string.Join(", ", missing));
        Assert.True(translated.Count > 40, $"the {language} resource looks empty");
    }

    [Fact]
    public void Portuguese_translates_every_text_spanish_does()
    {
        Assert.Empty(SpanishKeys().Except(TranslatedKeys("pt")).Order());
    }

    [Theory]
    [InlineData("es")]
    [InlineData("pt")]
    public void Translated_texts_differ_by_more_than_letter_case(string language)
    {
        // The resource compiler keeps only the first of two names that differ by case alone: the other
        // text would silently show in English.
        var clashes = XDocument.Load(Resource(language)).Root!
            .Elements("data").Select(d => d.Attribute("name")!.Value)
            .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => string.Join(" / ", group))
            .ToList();

        Assert.True(clashes.Count == 0, "Names that differ only by case: " + string.Join(", ", clashes));
    }

    [Fact]
    public async Task Language_switch_turns_the_catalogue_into_spanish_and_remembers_it()
    {
        var browser = site.App.NewBrowser();

        var switched = await browser.GetAsync("/language/es?returnUrl=%2Fcourses");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/courses", switched.Headers.Location!.OriginalString);
        var page = Html.Parse(await browser.GetStringAsync("/courses"));

        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Catálogo de cursos", page.QuerySelector("h1").Text());
        Assert.Equal("Idioma", page.QuerySelector("label[for=filter-language]").Text());
        Assert.Contains("oct 2027", page.QuerySelectorAll(".course-card dd").Select(d => d.Text()).First(t => t.Contains("2027", StringComparison.Ordinal)));
        var english = Html.Parse(await browser.GetStringAsync("/courses?language=en"));
        Assert.Equal("Catálogo de cursos", english.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task Switching_language_on_a_page_opened_from_a_mail_link_speaks_the_language_chosen()
    {
        var browser = site.App.NewBrowser();
        var fromMail = Html.Parse(await browser.GetStringAsync("/courses?lang=es&status=open"));
        Assert.Equal("es", fromMail.DocumentElement.GetAttribute("lang"));

        var switched = await browser.GetAsync(fromMail.QuerySelector(".language-switch a[lang=en]")!.GetAttribute("href")!);

        Assert.Equal("/courses?status=open", switched.Headers.Location!.OriginalString);
        Assert.Equal("en", Html.Parse(await browser.GetStringAsync("/courses?status=open")).DocumentElement.GetAttribute("lang"));
        Assert.Equal("/courses", (await browser.GetAsync("/language/pt?returnUrl=%2Fcourses%3Flang%3Des")).Headers.Location!.OriginalString);
        // A page a form sent back goes back to the form's page, which the browser names: its own address takes no GET.
        var signIn = "/account/sign-in?returnUrl=%2Fapplications";
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await browser.AntiforgeryTokenAsync(signIn), ["Email"] = "nobody@gob.cl", ["Password"] = "not the password",
            }),
        };
        post.Headers.Referrer = new Uri($"https://localhost{signIn}");
        var refused = Html.Parse(await (await browser.SendAsync(post)).Content.ReadAsStringAsync());
        Assert.Equal($"/language/en?returnUrl={Uri.EscapeDataString(signIn)}", refused.QuerySelector(".language-switch a[lang=en]")!.GetAttribute("href"));
        // Never another site's page.
        var fromElsewhere = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await browser.AntiforgeryTokenAsync(signIn), ["Email"] = "nobody@gob.cl", ["Password"] = "not the password",
            }),
        };
        fromElsewhere.Headers.Referrer = new Uri("https://elsewhere.example/account/sign-in?returnUrl=%2Fphishing");
        var elsewhere = Html.Parse(await (await browser.SendAsync(fromElsewhere)).Content.ReadAsStringAsync());
        Assert.Equal("/language/en?returnUrl=%2Faccount%2Fsign-in", elsewhere.QuerySelector(".language-switch a[lang=en]")!.GetAttribute("href"));
        // An address typed with an accent goes back as a browser would send it, not as a failed response.
        Assert.Equal("/caf%C3%A9", (await browser.GetAsync("/language/pt?returnUrl=%2Fcaf%C3%A9")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Course_page_in_spanish_shows_dates_in_spanish_and_keeps_the_course_text_in_its_language()
    {
        var browser = site.App.NewBrowser();
        await browser.GetAsync("/language/es");

        var page = Html.Parse(await browser.GetStringAsync("/courses/from-digital-to-smart-government"));

        Assert.Equal("Datos clave", page.QuerySelector("#facts-heading").Text());
        Assert.Equal("Sesiones en vivo", page.QuerySelector("#sessions-heading").Text());
        Assert.StartsWith("mié 6 oct 2027, 15:00 (GMT-3)", page.QuerySelector(".session-when time").Text());
        Assert.Equal("en", page.QuerySelector("#course-title")!.GetAttribute("lang"));
        Assert.Equal("From Digital Government to Smart Government", page.QuerySelector("#course-title").Text());
    }

    [Fact]
    public async Task Not_found_page_speaks_the_visitors_language()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/courses/no-such-course");
        request.Headers.AcceptLanguage.ParseAdd("es");

        var response = await site.App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Página no encontrada", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
    }

    [Fact]
    public async Task Anonymous_pages_are_cached_per_language()
    {
        var spanish = new HttpRequestMessage(HttpMethod.Get, "/courses");
        spanish.Headers.AcceptLanguage.ParseAdd("es-MX");
        var client = site.App.CreateClient();

        var first = Html.Parse(await (await client.SendAsync(spanish)).Content.ReadAsStringAsync());
        var second = Html.Parse(await client.GetStringAsync("/courses"));

        Assert.Equal("Catálogo de cursos", first.QuerySelector("h1").Text());
        Assert.Equal("Course catalogue", second.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task Signed_in_person_gets_their_preferred_language_and_spanish_validation_messages()
    {
        await site.App.CreateAsync("hablante@gob.cl");
        await site.App.WithDbAsync(async db =>
        {
            var user = db.Users.Single(u => u.Email == "hablante@gob.cl");
            user.PreferredLanguage = "es";
            return await db.SaveChangesAsync();
        });
        var browser = await site.App.SignedInBrowserAsync("hablante@gob.cl");

        var page = Html.Parse(await browser.GetStringAsync("/courses"));
        Assert.Equal("Catálogo de cursos", page.QuerySelector("h1").Text());

        var anonymous = site.App.NewBrowser();
        await anonymous.GetAsync("/language/es");
        var form = await anonymous.SubmitAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string> { ["Email"] = "", ["Password"] = "" });
        var errors = Html.Parse(await form.Content.ReadAsStringAsync());
        Assert.Equal("Ingrese su dirección de correo electrónico.", errors.QuerySelector("#Email-error").Text());
        Assert.Equal("Hay un problema", errors.QuerySelector("#error-summary-title").Text());
    }

    [Fact]
    public async Task A_link_that_names_its_language_is_followed_in_it_through_the_sign_in_it_leads_to()
    {
        var browser = site.App.NewBrowser();

        var apply = await browser.GetAsync("/courses/from-digital-to-smart-government/apply?lang=es");
        Assert.Equal(HttpStatusCode.Redirect, apply.StatusCode);
        Assert.Contains("/account/sign-in", apply.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var signIn = Html.Parse(await browser.GetStringAsync(apply.Headers.Location));
        var next = Html.Parse(await browser.GetStringAsync("/courses"));

        Assert.Equal("es", signIn.DocumentElement.GetAttribute("lang"));
        Assert.Equal("es", next.DocumentElement.GetAttribute("lang"));
        // A language the site does not speak is not remembered.
        await browser.GetAsync("/courses?lang=fr");
        Assert.Equal("es", Html.Parse(await browser.GetStringAsync("/courses")).DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("es", "El campo «", "» es obligatorio.")]
    [InlineData("pt", "O campo “", "” é obrigatório.")]
    public async Task The_required_check_mvc_adds_by_itself_speaks_the_page_language(string language, string starts, string ends)
    {
        var page = Html.Parse(await site.App.NewBrowser().GetStringAsync($"/account/sign-in?lang={language}"));

        var message = page.QuerySelector("input[type=checkbox][data-val-required]")?.GetAttribute("data-val-required") ?? "";
        Assert.StartsWith(starts, message, StringComparison.Ordinal);
        Assert.EndsWith(ends, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_in_another_language_does_not_change_a_signed_in_persons_language()
    {
        await site.App.CreateAsync("supervisora@gob.cl");
        var browser = await site.App.SignedInBrowserAsync("supervisora@gob.cl");

        var linked = Html.Parse(await browser.GetStringAsync("/courses?lang=pt"));
        var next = Html.Parse(await browser.GetStringAsync("/courses"));

        Assert.Equal("pt", linked.DocumentElement.GetAttribute("lang"));
        Assert.Equal("en", next.DocumentElement.GetAttribute("lang"));   // the profile's
    }

    [Fact]
    public async Task The_language_saved_in_the_profile_is_the_one_the_pages_speak_next()
    {
        await site.App.CreateAsync("falante@gov.br");
        var browser = await site.App.SignedInBrowserAsync("falante@gov.br");
        await browser.GetAsync("/language/es");

        await browser.SubmitAsync("/account/profile", "/account/profile", new Dictionary<string, string>
        {
            ["FullName"] = "Joana Silva", ["Country"] = "BR", ["Institution"] = "Ministério da Gestão", ["Position"] = "Analista",
            ["GovernmentLevel"] = "National", ["PreferredLanguage"] = "pt", ["TimeZone"] = "",
        });

        Assert.Equal("pt", Html.Parse(await browser.GetStringAsync("/courses")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_notice_after_saving_a_new_language_is_in_that_language()
    {
        await site.App.CreateAsync("falante2@gov.br");
        var browser = await site.App.SignedInBrowserAsync("falante2@gov.br");

        var saved = await browser.SubmitAsync("/account/profile", "/account/profile", new Dictionary<string, string>
        {
            ["FullName"] = "Joana Souza", ["Country"] = "BR", ["Institution"] = "Ministério da Gestão", ["Position"] = "Analista",
            ["GovernmentLevel"] = "National", ["PreferredLanguage"] = "pt", ["TimeZone"] = "",
        });
        var page = Html.Parse(await browser.GetStringAsync(saved.Headers.Location!.OriginalString));

        Assert.Equal("pt", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Seu perfil foi salvo.", page.QuerySelector("[role=status]")?.Text().Trim());
    }

    [Theory]
    [InlineData("en", "Mexico City time (GMT-6)")]
    [InlineData("es", "hora de Ciudad de México (GMT-6)")]
    [InlineData("pt", "horário da Cidade do México (GMT-6)")]
    public async Task A_course_names_its_zone_by_its_place_as_each_language_says_it(string language, string expected)
    {
        var browser = site.App.NewBrowser();
        await browser.GetAsync($"/language/{language}");

        var page = Html.Parse(await browser.GetStringAsync("/courses/estado-abierto-america-latina-caribe"));

        var zone = page.QuerySelectorAll(".course-facts dt").Single(dt => dt.Text() is "Time zone" or "Zona horaria" or "Fuso horário");
        Assert.Equal(expected, zone.NextElementSibling.Text());
    }

    [Fact]
    public async Task The_profile_lists_zones_under_their_region_by_place_with_their_offset()
    {
        await site.App.CreateAsync("zonas@gob.cl");
        await site.App.WithDbAsync(async db =>
        {
            db.Users.Single(u => u.Email == "zonas@gob.cl").PreferredLanguage = "es";
            return await db.SaveChangesAsync();
        });
        var browser = await site.App.SignedInBrowserAsync("zonas@gob.cl");

        var page = Html.Parse(await browser.GetStringAsync("/account/profile"));

        var america = page.QuerySelector("#TimeZone optgroup[label='América']")!;
        string Option(string zone) => america.QuerySelector($"option[value='{zone}']")!.Text();
        Assert.Equal("Ciudad de México (GMT-6)", Option("America/Mexico_City"));   // 26 November: no summer time there
        Assert.Equal("Santiago (GMT-3)", Option("America/Santiago"));
        // The Caribbean's places as Spanish names them.
        Assert.Equal("Puerto Príncipe (GMT-5)", Option("America/Port-au-Prince"));
        Assert.Equal("Santa Lucía (GMT-4)", Option("America/St_Lucia"));
        Assert.Equal("Guadalupe (GMT-4)", Option("America/Guadeloupe"));
        Assert.Equal("Buenos Aires, Argentina (GMT-3)", Option("America/Argentina/Buenos_Aires"));
        Assert.NotNull(page.QuerySelector("#TimeZone optgroup[label='Europa'] option[value='Europe/Madrid']"));
        Assert.Equal(KnownTimeZoneAttribute.Choices.Count, page.QuerySelectorAll("#TimeZone optgroup option").Length);
    }

    [Fact]
    public async Task Language_switch_turns_the_catalogue_and_a_course_page_into_portuguese()
    {
        var browser = site.App.NewBrowser();

        await browser.GetAsync("/language/pt?returnUrl=%2Fcourses");
        var catalogue = Html.Parse(await browser.GetStringAsync("/courses"));
        var course = Html.Parse(await browser.GetStringAsync("/courses/from-digital-to-smart-government"));

        Assert.Equal("pt", catalogue.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Catálogo de cursos", catalogue.QuerySelector("h1").Text());
        Assert.Equal("true", catalogue.QuerySelector(".language-switch a[lang=pt]")!.GetAttribute("aria-current"));
        Assert.Equal("Sessões ao vivo", course.QuerySelector("#sessions-heading").Text());
        Assert.StartsWith("qua. 6 out. 2027, 15:00 (GMT-3)", course.QuerySelector(".session-when time").Text());
        Assert.Equal("From Digital Government to Smart Government", course.QuerySelector("#course-title").Text());
    }

    [Fact]
    public async Task An_official_registering_in_portuguese_is_written_to_in_portuguese()
    {
        var browser = site.App.NewBrowser();
        await browser.GetAsync("/language/pt");
        var registration = Html.Parse(await browser.GetStringAsync("/account/register"));
        Assert.Equal("pt", registration.QuerySelector("input[name=PreferredLanguage][checked]")!.GetAttribute("value"));
        var form = new Dictionary<string, string>
        {
            ["FullName"] = "João Almeida", ["Email"] = "joao.almeida@gov.br", ["Password"] = "uma senha longa e boa", ["ConfirmPassword"] = "uma senha longa e boa",
            ["Country"] = "BR", ["Institution"] = "Ministério da Gestão", ["Position"] = "Analista", ["GovernmentLevel"] = "National", ["PreferredLanguage"] = "pt",
        };

        var response = await browser.SubmitAsync("/account/register", "/account/register", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await site.App.LastMailAsync("joao.almeida@gov.br", Web.Infrastructure.Email.Templates.AccountMails.ConfirmEmailKind);
        Assert.StartsWith("Prezado(a) João Almeida,", mail.TextBody);
        Assert.Contains("lang=\"pt\"", mail.HtmlBody, StringComparison.Ordinal);
    }
}
