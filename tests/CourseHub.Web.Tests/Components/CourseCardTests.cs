using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using CourseHub.Core.Courses;
using CourseHub.Web.Features.Shared.Components;

namespace CourseHub.Web.Tests.Components;

public sealed class CourseCardTests : BunitContext
{
    private static readonly CourseCardModel Estado = new(
        "estado-abierto", "Estado abierto en América Latina y el Caribe", "Curso híbrido.", "es", Modality.Hybrid,
        new DateOnly(2027, 10, 13), new DateOnly(2027, 11, 26), CourseStatus.ApplicationsOpen,
        new DateTime(2027, 8, 21, 5, 59, 0, DateTimeKind.Utc), "America/Mexico_City", 40, 15, 0, "USD");

    public CourseCardTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
    }

    [Fact]
    public void Card_speaks_spanish_when_the_interface_does()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("es");
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es");

        var card = Render<CourseCard>(p => p.Add(c => c.Course, Estado));

        Assert.Equal("Postulaciones abiertas", card.Find(".status-badge").TextContent);
        Assert.Equal("Híbrida", Facts(card)["Modalidad"]);
        Assert.Equal("Español", Facts(card)["Idioma"]);
    }

    private Dictionary<string, string> Facts(IRenderedComponent<CourseCard> card) =>
        card.FindAll("dt").Zip(card.FindAll("dd")).ToDictionary(p => p.First.TextContent, p => p.Second.TextContent);

    [Fact]
    public void Card_links_the_title_to_the_course_page_in_the_course_language()
    {
        var card = Render<CourseCard>(p => p.Add(c => c.Course, Estado));

        var link = card.Find("h3 a");
        Assert.Equal("/courses/estado-abierto", link.GetAttribute("href"));
        Assert.Equal("Estado abierto en América Latina y el Caribe", link.TextContent);
        Assert.Equal("es", link.GetAttribute("lang"));
    }

    [Fact]
    public void Card_shows_status_in_words_and_the_facts_a_visitor_compares()
    {
        var card = Render<CourseCard>(p => p.Add(c => c.Course, Estado));

        Assert.Equal("Applications open", card.Find(".status-badge").TextContent);
        var facts = Facts(card);
        Assert.Equal("13 Oct – 26 Nov 2027", facts["Dates"]);
        Assert.Equal("Hybrid", facts["Modality"]);
        Assert.Equal("Spanish", facts["Language"]);
        Assert.Equal("40", facts["Seats"]);
        Assert.Equal("15", facts["Scholarships"]);
        Assert.Equal("Free of charge", facts["Fee"]);
        Assert.Equal("Fri 20 Aug 2027, 23:59 (GMT-6)", facts["Apply by"]);
    }

    [Fact]
    public void Card_of_a_finished_course_without_scholarships_omits_deadline_and_scholarships()
    {
        var card = Render<CourseCard>(p => p.Add(c => c.Course, Estado with { Status = CourseStatus.Finished, Scholarships = 0, FeeMinor = 15000 }));

        var facts = Facts(card);
        Assert.Equal("Finished", card.Find(".status-badge").TextContent);
        Assert.False(facts.ContainsKey("Scholarships"));
        Assert.False(facts.ContainsKey("Apply by"));
        Assert.Equal("USD 150.00", facts["Fee"]);
    }

    [Theory]
    [InlineData("en", "Fee", "CLP 150,000")]
    [InlineData("es", "Arancel", "CLP 150.000")]
    public void A_fee_in_a_currency_without_cents_is_written_without_them(string language, string heading, string fee)
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language);

        var card = Render<CourseCard>(p => p.Add(c => c.Course, Estado with { FeeMinor = 15_000_000, Currency = "CLP" }));

        Assert.Equal(fee, Facts(card)[heading]);
    }
}
