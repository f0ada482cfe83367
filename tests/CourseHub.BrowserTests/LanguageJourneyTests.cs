using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CourseHub.BrowserTests;

/// <summary>Journey 5: the language switch turns the catalogue and a form into Spanish and back.</summary>
public sealed class LanguageJourneyTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task Language_switch_turns_the_catalogue_and_a_form_into_spanish_and_back()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/courses");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Course catalogue");

        await page.GetByRole(AriaRole.Link, new() { Name = "Español" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Catálogo de cursos");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Assertions.Expect(page.GetByLabel("Idioma")).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "catalogue-es");
        await Axe.AssertNoSeriousViolationsAsync(page, "catalogue-es", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Iniciar sesión" }).First.ClickAsync();
        await Assertions.Expect(page.GetByLabel("Correo electrónico")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Iniciar sesión" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Email-error")).ToHaveTextAsync("Ingrese su dirección de correo electrónico.");
        await Axe.AssertNoSeriousViolationsAsync(page, "sign-in-es", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Email")).ToBeVisibleAsync();
        await page.GotoAsync("/courses");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Course catalogue");
    }
}
