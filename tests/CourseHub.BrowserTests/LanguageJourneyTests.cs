using CourseHub.Web.Infrastructure.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CourseHub.BrowserTests;

/// <summary>Journey 5: the language switch turns the catalogue and a form into Spanish and back, and into Portuguese.</summary>
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

    [Fact]
    public async Task Language_switch_turns_the_catalogue_and_the_registration_form_into_portuguese()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/courses");

        await page.GetByRole(AriaRole.Link, new() { Name = "Português" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Catálogo de cursos");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "pt");
        await Axe.AssertNoSeriousViolationsAsync(page, "catalogue-pt", output);

        await page.GotoAsync("/account/register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Criar minha conta" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Email-error")).ToHaveTextAsync("Informe seu endereço de e-mail.");
        await Assertions.Expect(page.Locator("#error-summary a[href='#Email']")).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "register-errors-pt");
        await Axe.AssertNoSeriousViolationsAsync(page, "register-errors-pt", output);
    }

    [Fact]
    public async Task A_signed_in_admins_menu_fits_the_window_in_every_language()
    {
        // A long menu (an admin's, with a long name) in the longest language once pushed "Sign out" and the
        // languages off the screen, behind a horizontal scroll bar.
        await site.CreateAccountAsync("coordinadora.de.programas.regionales@institute.org", "coordination passphrase", Roles.Admin);
        var page = await site.SignInAsync("coordinadora.de.programas.regionales@institute.org", "coordination passphrase");
        foreach (var language in new[] { "en", "es", "pt" })
        {
            await page.GotoAsync($"/language/{language}?returnUrl=%2Fapplications");
            foreach (var width in new[] { 992, 1200, 1400 })
            {
                await page.SetViewportSizeAsync(width, 800);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"In '{language}' at {width} px the page is {overflow} px wider than the window.");
                await Assertions.Expect(page.Locator("header form[action='/account/sign-out'] button")).ToBeInViewportAsync();
                var menuLines = await page.EvaluateAsync<int>("() => new Set([...document.querySelectorAll('#main-nav > ul > li')].map(li => Math.round(li.getBoundingClientRect().top))).size");
                // Below 1200 px a long menu may wrap onto a second line, but it never leaves the window.
                Assert.True(width < 1200 || menuLines == 1, $"In '{language}' at {width} px the menu takes {menuLines} lines.");
            }
            await BrowserSite.ScreenshotAsync(page, $"admin-menu-{language}");
        }
    }
}
