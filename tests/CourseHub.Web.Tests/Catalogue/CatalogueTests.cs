using AngleSharp.Dom;

namespace CourseHub.Web.Tests.Catalogue;

public sealed class CatalogueTests(CatalogueTests.Site site) : IClassFixture<CatalogueTests.Site>
{
    public sealed class Site() : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private readonly HttpClient _client = site.App.CreateClient();

    private static string[] CardTitles(IDocument page) =>
        page.QuerySelectorAll(".course-card .card-title").Select(t => t.Text()).ToArray();

    [Fact]
    public async Task Catalogue_lists_every_published_course_from_content()
    {
        var page = await _client.GetPageAsync("/courses");

        Assert.Equal(
            ["Estado abierto en América Latina y el Caribe", "From Digital Government to Smart Government",
             "Gobierno abierto local: cómo co-crear un plan de acción", "Open Data for Public Value"],
            CardTitles(page).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Words_typed_find_the_courses_that_have_them_all_in_any_case_and_with_or_without_accents()
    {
        var page = await _client.GetPageAsync("/courses?q=PLANIFICACION%20abierto");

        // Both words, in the organiser's name and in the title.
        Assert.Equal(["Estado abierto en América Latina y el Caribe", "Gobierno abierto local: cómo co-crear un plan de acción"],
            CardTitles(page).Order(StringComparer.Ordinal));
        Assert.Equal("PLANIFICACION abierto", page.QuerySelector("#filter-search")!.GetAttribute("value"));
        Assert.Equal(["Open Data for Public Value"], CardTitles(await _client.GetPageAsync("/courses?q=reused")));
        // A word is found from its start, punctuation typed around it aside: "\"reuse,\"" finds "reused", "use" does not.
        Assert.Equal(["Open Data for Public Value"], CardTitles(await _client.GetPageAsync("/courses?q=%22reuse%2C%22")));
        Assert.DoesNotContain("Open Data for Public Value", CardTitles(await _client.GetPageAsync("/courses?q=euse")));
        // Cut at the longest a search can be, never through the middle of a character.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _client.GetAsync($"/courses?q={new string('a', 99)}%F0%9F%98%80")).StatusCode);
        var none = await _client.GetPageAsync("/courses?q=astronomy");
        Assert.Empty(CardTitles(none));
        Assert.StartsWith("Try other words", none.QuerySelector(".empty-state").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_page_shows_the_catalogue()
    {
        var page = await _client.GetPageAsync("/");

        Assert.Equal(4, CardTitles(page).Length);
    }

    [Fact]
    public async Task Courses_open_for_applications_come_first_and_finished_ones_last()
    {
        var page = await _client.GetPageAsync("/courses");

        var statuses = page.QuerySelectorAll(".course-card .status-badge").Select(b => b.Text()).ToArray();
        Assert.Equal(["Applications open", "Applications open", "In progress", "Finished"], statuses);
    }

    [Fact]
    public async Task Card_shows_dates_modality_language_seats_and_scholarships()
    {
        var page = await _client.GetPageAsync("/courses");

        var card = page.QuerySelectorAll(".course-card").Single(c => c.QuerySelector(".card-title").Text().StartsWith("Estado abierto", StringComparison.Ordinal));
        var facts = card.QuerySelectorAll("dt").Zip(card.QuerySelectorAll("dd")).ToDictionary(p => p.First.Text(), p => p.Second.Text());
        Assert.Equal("13 Oct – 26 Nov 2027", facts["Dates"]);
        Assert.Equal("Hybrid", facts["Modality"]);
        Assert.Equal("Spanish", facts["Language"]);
        Assert.Equal("40", facts["Seats"]);
        Assert.Equal("15", facts["Scholarships"]);
        Assert.Equal("Fri 20 Aug 2027, 23:59 (GMT-6)", facts["Apply by"]);
        Assert.Equal("es", card.QuerySelector(".card-title a")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task Language_filter_narrows_to_spanish_courses()
    {
        var page = await _client.GetPageAsync("/courses?language=es");

        Assert.Equal(["Estado abierto en América Latina y el Caribe", "Gobierno abierto local: cómo co-crear un plan de acción"], CardTitles(page));
        Assert.Equal("es", page.QuerySelector("#filter-language option[selected]")!.GetAttribute("value"));
        Assert.Contains("2 courses match your filters (of 4)", page.QuerySelector("#results-heading").Text());
    }

    [Fact]
    public async Task Language_filter_reads_any_case_and_a_language_without_courses_finds_none_rather_than_all()
    {
        var capitals = await _client.GetPageAsync("/courses?language=ES");
        var portuguese = await _client.GetPageAsync("/courses?language=pt");
        var english = await _client.GetPageAsync("/courses?language=en&modality=virtual&status=in-progress");

        Assert.Equal(2, CardTitles(capitals).Length);
        Assert.Equal("es", capitals.QuerySelector("#filter-language option[selected]")!.GetAttribute("value"));
        Assert.Empty(CardTitles(portuguese));
        Assert.Equal("pt", portuguese.QuerySelector("#filter-language option[selected]")!.GetAttribute("value"));
        Assert.Contains("1 course matches your filters (of 4)", english.QuerySelector("#results-heading").Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modality=hybrid", "Estado abierto en América Latina y el Caribe")]
    [InlineData("modality=in-person", "Gobierno abierto local: cómo co-crear un plan de acción")]
    [InlineData("status=finished", "Gobierno abierto local: cómo co-crear un plan de acción")]
    [InlineData("status=in-progress", "Open Data for Public Value")]
    [InlineData("language=en&status=open", "From Digital Government to Smart Government")]
    [InlineData("language=en&modality=virtual&status=in-progress", "Open Data for Public Value")]
    public async Task Filters_narrow_the_list_and_combine(string query, string onlyTitle)
    {
        var page = await _client.GetPageAsync($"/courses?{query}");

        Assert.Equal([onlyTitle], CardTitles(page));
    }

    [Fact]
    public async Task No_match_shows_an_empty_state_with_a_way_back()
    {
        var page = await _client.GetPageAsync("/courses?language=en&modality=hybrid");

        Assert.Empty(CardTitles(page));
        // Said once, in the results heading, and the empty state offers the way out.
        Assert.Contains("No course matches your filters (of 4)", page.QuerySelector("#results-heading").Text());
        Assert.StartsWith("Try other words, or another language, modality or status", page.QuerySelector(".empty-state").Text().Trim());
        Assert.NotNull(page.QuerySelector(".empty-state a[href='/courses']"));
    }

    [Fact]
    public async Task Unknown_filter_values_are_ignored_rather_than_failing()
    {
        var page = await _client.GetPageAsync("/courses?language=xx&modality=teleport&status=someday");

        Assert.Equal(4, CardTitles(page).Length);
    }

    [Fact]
    public async Task Filter_form_works_without_javascript_as_a_get_form_with_labels()
    {
        var page = await _client.GetPageAsync("/courses");

        var form = page.QuerySelector("form.catalogue-filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        foreach (var select in form.QuerySelectorAll("select"))
        {
            Assert.NotNull(form.QuerySelector($"label[for='{select.Id}']"));
        }
    }
}
