using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CourseHub.BrowserTests;

/// <summary>
/// Journey 1: a newcomer finds a Spanish course, registers, confirms the address through the mail the
/// site delivered to its pickup folder, and applies with a scholarship request.
/// </summary>
public sealed class NewcomerJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Email = "maria.gomez@funcionpublica.gob.mx";
    private const string Password = "una frase larga para entrar";

    [Fact]
    public async Task Newcomer_finds_a_spanish_course_registers_confirms_by_mail_and_applies_with_a_scholarship()
    {
        var page = await site.NewPageAsync();

        await page.GotoAsync("/courses");
        await BrowserSite.ScreenshotAsync(page, "catalogue");
        await page.GetByLabel("Language").SelectOptionAsync("es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page.Locator(".course-card")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Link, new() { Name = "Estado abierto en América Latina y el Caribe" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Estado abierto en América Latina y el Caribe");
        await BrowserSite.ScreenshotAsync(page, "course-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Apply to this course" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();

        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Repeat the password").FillAsync(Password);
        await page.GetByLabel("Full name").FillAsync("María Gómez");
        await page.GetByLabel("Country").SelectOptionAsync("MX");
        await page.GetByLabel("Institution").FillAsync("Secretaría de la Función Pública");
        await page.GetByLabel("Position").FillAsync("Directora de Gobierno Abierto");
        await page.GetByLabel("National", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Español").CheckAsync();
        await BrowserSite.ScreenshotAsync(page, "register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your email");

        var link = await site.ConfirmationLinkAsync(Email);
        await page.GotoAsync(link);
        // The mail was in her language, and so are the page its link opens and the sign-in it leads to.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Su dirección de correo está confirmada");
        await page.GetByRole(AriaRole.Link, new() { Name = "Iniciar sesión" }).Last.ClickAsync();
        await page.GetByLabel("Correo electrónico").FillAsync(Email);
        await page.GetByLabel("Contraseña").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Iniciar sesión" }).ClickAsync();

        // She chose Spanish as her language when she registered: from now on the site speaks Spanish to her.
        await page.GotoAsync("/courses/estado-abierto-america-latina-caribe/apply");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await page.GetByLabel("Motivación").FillAsync("Coordino el plan de acción de gobierno abierto de mi país y quiero fortalecer la co-creación con la sociedad civil.");
        await page.GetByLabel("Relación del curso con su trabajo").FillAsync("Dirijo el equipo que da seguimiento a los compromisos de la Alianza para el Gobierno Abierto.");
        await page.GetByLabel("Solicito una beca completa").CheckAsync();
        await page.GetByLabel("Fundamentación de la solicitud de beca").FillAsync("Mi institución no cuenta con presupuesto de viajes este año.");
        await page.GetByLabel("Ciudad de partida").FillAsync("Oaxaca");
        await BrowserSite.ScreenshotAsync(page, "apply");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar mi postulación" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mis postulaciones");
        await Assertions.Expect(page.Locator(".application-state").First).ToHaveTextAsync("En revisión");
        await Assertions.Expect(page.Locator(".scholarship-state").First).ToContainTextAsync("Solicitada");
        await BrowserSite.ScreenshotAsync(page, "my-applications");
    }
}
