using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CourseHub.BrowserTests;

/// <summary>Journey 4: the newcomer's journey with the keyboard alone — every control reachable, focus always visible.</summary>
public sealed class KeyboardJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Email = "keyboard.user@gob.bo";
    private const string Password = "keyboard only passphrase";

    [Fact]
    public async Task Newcomer_journey_works_with_the_keyboard_alone()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/courses");

        await page.TabToAsync("#filter-language");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("es", await page.InputValueAsync("#filter-language"));
        await page.TabToAsync("button[type=submit]");
        await page.EnterAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("language=es"));

        await page.TabToAsync("a[href='/courses/estado-abierto-america-latina-caribe']");
        await page.EnterAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Estado abierto en América Latina y el Caribe");
        await page.TabToAsync("a[href$='/apply']");
        await page.EnterAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await page.TabToAsync("main a[href^='/account/register']");
        await page.EnterAsync();

        await page.TabAndTypeAsync("#Email", Email);
        await page.TabAndTypeAsync("#Password", Password);
        await page.TabAndTypeAsync("#ConfirmPassword", Password);
        await page.TabAndTypeAsync("#FullName", "Teresa Mamani");
        await page.TabToAsync("#Country");
        await page.Keyboard.TypeAsync("Bolivia");
        await page.TabAndTypeAsync("#Institution", "Ministerio de Planificación del Desarrollo");
        await page.TabAndTypeAsync("#Position", "Analista");
        await page.TabToAsync("input[name=GovernmentLevel]");
        await page.Keyboard.PressAsync("Space");
        await page.TabToAsync("input[name=PreferredLanguage]");
        await page.Keyboard.PressAsync("Space");
        await page.TabToAsync("form.account-form button[type=submit]");
        await page.EnterAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your email");

        await page.GotoAsync(await site.ConfirmationLinkAsync(Email));
        await page.TabToAsync("main a[href^='/account/sign-in']");
        await page.EnterAsync();
        await page.TabAndTypeAsync("#Email", Email);
        await page.TabAndTypeAsync("#Password", Password);
        await page.EnterAsync();
        // Signed in, the newcomer is back where "Apply" first took them: the application form.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/courses/estado-abierto-america-latina-caribe/apply$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My applications" })).ToBeVisibleAsync();

        await page.TabAndTypeAsync("#Motivation", "Trabajo en la planificación de políticas de datos abiertos.");
        await page.TabAndTypeAsync("#RelationToWork", "Coordino la publicación de datos del ministerio.");
        await page.TabToAsync("#RequestScholarship");
        await page.Keyboard.PressAsync("Space");
        await page.TabAndTypeAsync("#ScholarshipStatement", "No contamos con fondos para viajar.");
        await page.TabAndTypeAsync("#DepartureCity", "La Paz");
        await page.TabToAsync("form.apply-form button[type=submit]");
        await page.EnterAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My applications");
        await Assertions.Expect(page.Locator(".scholarship-state").First).ToContainTextAsync("Requested");
    }
}
