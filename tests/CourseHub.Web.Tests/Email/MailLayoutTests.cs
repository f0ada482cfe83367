using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Tests.Email;

/// <summary>How a mail's paragraphs read in its HTML part.</summary>
public sealed class MailLayoutTests
{
    private static readonly MailLayout Layout = new(Options.Create(new SiteOptions { PublicUrl = "https://courses.example.org" }),
        new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)));

    [Theory]
    [InlineData("America/Mexico_City", "en", "Mexico City time")]
    [InlineData("America/Mexico_City", "es", "hora de Ciudad de México")]
    [InlineData("America/Mexico_City", "pt", "horário da Cidade do México")]
    [InlineData("America/Port-au-Prince", "es", "hora de Puerto Príncipe")]
    [InlineData("Europe/Madrid", "pt", "horário de Madrid")]
    public void A_mail_names_a_zone_by_its_place_in_the_mail_s_language_whatever_the_reader_of_the_page(string zone, string language, string name)
    {
        var page = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        try
        {
            Assert.Equal(name, Layout.ZoneName(zone, language));
            Assert.Equal("en", System.Globalization.CultureInfo.CurrentUICulture.Name);   // the page goes on in its own language
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = page;
        }
    }

    [Theory]
    [InlineData("es", Data.Entities.Gender.Female, "Estimada Ana Pérez:")]
    [InlineData("es", Data.Entities.Gender.Male, "Estimado Ana Pérez:")]
    [InlineData("es", Data.Entities.Gender.NonBinary, "Hola, Ana Pérez:")]
    [InlineData("pt", Data.Entities.Gender.NonBinary, "Olá, Ana Pérez,")]
    [InlineData("es", null, "Estimado/a Ana Pérez:")]
    [InlineData("pt", Data.Entities.Gender.Female, "Prezada Ana Pérez,")]
    [InlineData("pt", Data.Entities.Gender.Male, "Prezado Ana Pérez,")]
    [InlineData("pt", Data.Entities.Gender.PreferNotToSay, "Prezado(a) Ana Pérez,")]
    [InlineData("en", Data.Entities.Gender.Female, "Dear Ana Pérez,")]
    public void A_greeting_agrees_with_the_gender_a_person_gave_and_takes_both_endings_or_none_otherwise(string language, Data.Entities.Gender? gender, string greeting) =>
        Assert.Equal(greeting, MailLayout.Greeting(language, new Addressee("Ana Pérez", gender)));

    [Fact]
    public void A_rendered_text_in_a_mail_names_its_footnote_back_links_in_the_mail_s_language()
    {
        var rendered = new Core.Content.MarkdownRenderer().Render("Un dato.[^1]\n\n[^1]: Su fuente.", 2, "announcement-1-").Html;

        var html = Layout.Compose("es", "Anuncio", "Estimada Ana:", ["Nuevo anuncio."], content: ("Un dato.[^1]\n\n[^1]: Su fuente.", rendered)).Html;

        Assert.Contains("class=\"footnote-back-ref\" aria-label=\"Volver al texto\" lang=\"es\">", html, StringComparison.Ordinal);
    }

    private static string Paragraph(string text, params string[] linkable)
    {
        var html = Layout.Compose("en", "Subject", "Dear Ana,", [text], linkable: linkable).Html;
        var start = html.IndexOf("<p>Dear Ana,</p><p>", StringComparison.Ordinal) + "<p>Dear Ana,</p><p>".Length;
        return html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData("Join link: https://zoom.us/j/1", "Join link: <a href=\"https://zoom.us/j/1\" style=\"color:#0b5394\">https://zoom.us/j/1</a>", "https://zoom.us/j/1")]
    [InlineData("See https://x.org/a?b=1&c=2.", "See <a href=\"https://x.org/a?b=1&amp;c=2\" style=\"color:#0b5394\">https://x.org/a?b=1&amp;c=2</a>.", "https://x.org/a?b=1&c=2")]
    [InlineData("El enlace «https://meet.example/abc» sirve.", "El enlace &#171;<a href=\"https://meet.example/abc\" style=\"color:#0b5394\">https://meet.example/abc</a>&#187; sirve.", "https://meet.example/abc")]
    [InlineData("(see https://en.wikipedia.org/wiki/Foo_(bar))", "(see <a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" style=\"color:#0b5394\">https://en.wikipedia.org/wiki/Foo_(bar)</a>)", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("“https://x.org/a” and <https://y.org>", "“<a href=\"https://x.org/a\" style=\"color:#0b5394\">https://x.org/a</a>” and &lt;<a href=\"https://y.org\" style=\"color:#0b5394\">https://y.org</a>&gt;", "https://x.org/a", "https://y.org")]
    [InlineData("No address here & <b>none</b>", "No address here &amp; &lt;b&gt;none&lt;/b&gt;")]
    public void A_web_address_a_mail_names_linkable_is_a_link_without_the_marks_around_it(string text, string html, params string[] linkable) =>
        Assert.Equal(html, Paragraph(text, linkable));

    [Theory]
    [InlineData("Carol - verify your account at https://evil.example/login asks", "Carol - verify your account at https://evil.example/login asks")]
    [InlineData("See https://courses.example.org/applications and https://x.org.", "See <a href=\"https://courses.example.org/applications?lang=en\" style=\"color:#0b5394\">https://courses.example.org/applications?lang=en</a> and https://x.org.")]
    public void An_address_typed_by_someone_stays_text_and_only_the_sites_own_are_links(string text, string html) =>
        Assert.Equal(html, Paragraph(text));

    [Theory]
    [InlineData("es", "https://courses.example.org/applications#application-4", "https://courses.example.org/applications?lang=es#application-4")]
    [InlineData("pt", "https://courses.example.org/courses/x?tab=1", "https://courses.example.org/courses/x?tab=1&lang=pt")]
    [InlineData("es", "https://courses.example.org/endorsements/t?lang=en", "https://courses.example.org/endorsements/t?lang=en")]
    [InlineData("es", "https://zoom.us/j/1", "https://zoom.us/j/1")]
    public void A_mails_button_to_a_page_of_the_site_names_the_mails_language(string language, string url, string expected)
    {
        var mail = Layout.Compose(language, "Subject", "Hola:", ["Texto."], ("Ver", url));

        Assert.Contains($"Ver:\n{expected}\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"href=\"{System.Net.WebUtility.HtmlEncode(expected)}\"", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Taller: 7–11 Jun 2027 — hybrid")]
    [InlineData("es", "Taller: 7–11 jun 2027 — híbrida")]
    public void A_phase_not_online_whose_place_is_not_given_yet_says_how_it_is_taught(string language, string line)
    {
        var place = new ApplicationMails.PlaceIn("lab", new DateOnly(2027, 5, 3), new DateOnly(2027, 6, 11))
        {
            Phases =
            [
                new("Online", new DateOnly(2027, 5, 3), new DateOnly(2027, 5, 28), null),
                new("Taller", new DateOnly(2027, 6, 7), new DateOnly(2027, 6, 11), null, Core.Courses.Modality.Hybrid),
            ],
        };

        var mail = new ApplicationMails(Layout).Accepted(language, new Addressee("Ana"), "Lab", null, place);

        Assert.Contains(line, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Online: 3–28 May 2027 —", mail.Text, StringComparison.Ordinal);
    }
}
