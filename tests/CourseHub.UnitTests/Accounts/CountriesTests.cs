using CourseHub.Core.Accounts;

namespace CourseHub.UnitTests.Accounts;

public sealed class CountriesTests
{
    [Theory]
    [InlineData("en", "Brazil", "Mexico")]
    [InlineData("es", "Brasil", "México")]
    [InlineData("pt", "Brasil", "México")]
    public void Region_countries_are_named_in_the_readers_language(string language, string brazil, string mexico)
    {
        Assert.Equal(brazil, Countries.Name("BR", language));
        Assert.Equal(mexico, Countries.Name("MX", language));
    }

    [Theory]
    [InlineData("en", "Germany", "Japan", "South Africa")]
    [InlineData("es", "Alemania", "Japón", "Sudáfrica")]
    [InlineData("pt", "Alemanha", "Japão", "África do Sul")]
    public void Countries_beyond_the_region_are_named_in_the_readers_language_too(string language, string germany, string japan, string southAfrica)
    {
        Assert.Equal((germany, japan, southAfrica), (Countries.Name("DE", language), Countries.Name("JP", language), Countries.Name("ZA", language)));
        // Read afresh (not from the cache), whatever the interface language of the thread that asks, which it leaves as it was.
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(language == "pt" ? "es" : "pt");
        try
        {
            Assert.Equal(germany, Countries.ReadNames(language).GetValueOrDefault("DE", "Germany"));
            Assert.Equal(language == "pt" ? "es" : "pt", System.Globalization.CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
        Assert.All(Countries.All(language), c => Assert.False(string.IsNullOrWhiteSpace(c.Name) || c.Name.Contains('[', StringComparison.Ordinal)));
        // Parts of countries that cultures name as regions of their own are not offered, but a profile holding one still reads.
        Assert.DoesNotContain(Countries.All(language), c => c.Code is "IC" or "EA" or "DG");
        Assert.True(Countries.IsKnown("IC"));
        Assert.NotEqual("IC", Countries.Name("IC", language));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("pt")]
    public void The_region_comes_first_in_the_readers_alphabetical_order(string language)
    {
        var all = Countries.All(language);

        var region = all.TakeWhile(c => c.InRegion).ToList();
        Assert.Equal(Countries.Region.Order(), region.Select(c => c.Code).Order());
        Assert.All(all.Skip(region.Count), c => Assert.False(c.InRegion));
        var comparer = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo(language), ignoreCase: true);
        Assert.Equal(region.Select(c => c.Name).Order(comparer), region.Select(c => c.Name));
    }

    [Fact]
    public void Portuguese_readers_see_the_caribbean_states_by_their_portuguese_names()
    {
        var names = Countries.All("pt").Where(c => c.InRegion).Select(c => c.Name).ToList();

        Assert.Equal("Antígua e Barbuda", names[0]);
        Assert.Contains("São Cristóvão e Névis", names);
        Assert.Contains("São Vicente e Granadinas", names);
        Assert.DoesNotContain("Saint Kitts y Nevis", names);
    }
}
