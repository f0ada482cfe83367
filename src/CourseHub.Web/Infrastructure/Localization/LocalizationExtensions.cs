using System.Globalization;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.WebUtilities;

namespace CourseHub.Web.Infrastructure.Localization;

public static class LocalizationExtensions
{
    public const string CookieName = ".CourseHub.Language";

    /// <summary>The interface languages; a course's own content keeps its language whatever is chosen here.</summary>
    public static readonly CultureInfo[] Cultures = [new("en"), new("es"), new("pt")];

    public static WebApplicationBuilder AddCourseHubLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        // Write "Catálogo", not "Cat&#xE1;logo": the pages are UTF-8, and escaping every accent bloats them.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // A link that names its language (?lang=, as the links in mails do, so that the page speaks the
            // mail's language) wins; then an explicit choice (the switch in the header); then the signed-in
            // person's preferred language; then what the browser asks for.
            options.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context => Task.FromResult(LanguageNamedBy(context))),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new CustomRequestCultureProvider(context => Task.FromResult(
                    context.User.FindFirst(ProfileClaimsFactory.LanguageClaim)?.Value is { Length: > 0 } language
                        ? new ProviderCultureResult(language)
                        : null)),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>
    /// A visitor who opens a link that names its language (a mail's, most often) goes on to pages that do not:
    /// the sign-in page it redirects to, the next click. The language the link named is remembered as if chosen
    /// in the header, so that they speak it too. Not for a signed-in person, whose profile says their language:
    /// a link in another's language (a supervisor's endorsement link) must not change it for a year. Runs before
    /// authorization, whose redirect to the sign-in page would otherwise end the request first; whether the
    /// person is signed in is known by the time the answer starts.
    /// </summary>
    public static WebApplication RememberLanguageNamedByLinks(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method)
                && context.Request.Query["lang"] is [{ } named]
                && Cultures.FirstOrDefault(c => c.Name.Equals(named, StringComparison.OrdinalIgnoreCase)) is { } culture
                && context.Request.Cookies[CookieName] != CookieValue(culture.Name))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.User.Identity?.IsAuthenticated != true) Remember(context.Response, culture.Name);
                    return Task.CompletedTask;
                });
            }
            return next();
        });
        return app;
    }

    /// <summary>Keeps a chosen interface language for a year.</summary>
    public static void Remember(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieName, CookieValue(culture),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });

    private static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    // The error page a bad or stale link leads to is the same request run again without its query string:
    // the language the link named is read from the original one, so that page speaks it too.
    private static ProviderCultureResult? LanguageNamedBy(HttpContext context)
    {
        var lang = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalQueryString is { Length: > 0 } original
            ? QueryHelpers.ParseQuery(original).GetValueOrDefault("lang")
            : context.Request.Query["lang"];
        return lang.Count == 1 && !string.IsNullOrWhiteSpace(lang[0]) ? new ProviderCultureResult(lang[0]) : null;
    }
}
