using CourseHub.Web.Infrastructure.ContentImport;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features;

public static class MvcExtensions
{
    public const string PublicContentPolicy = "PublicContent";

    /// <summary>ViewData key: the page shows a filter's or form's problems of its own (not the model state's), as its title says.</summary>
    public const string FormProblems = "FormProblems";

    /// <summary>
    /// The local address to go back to, written so that a Location header can carry it: a character beyond ASCII typed
    /// into a link ("/café") is percent-encoded, as a browser would send it, rather than failing the response.
    /// Anything not local is the fallback.
    /// </summary>
    public static string LocalOr(this IUrlHelper url, string? returnUrl, string fallback)
    {
        if (returnUrl is null || !url.IsLocalUrl(returnUrl)) return fallback;
        var written = new System.Text.StringBuilder(returnUrl.Length);
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F) written.Append((char)rune.Value);
            else written.Append(Uri.EscapeDataString(rune.ToString()));
        }
        return written.ToString();
    }

    public static WebApplicationBuilder AddCourseHubMvc(this WebApplicationBuilder builder)
    {
        // Every unsafe request of every controller must carry a valid antiforgery token.
        builder.Services.AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.ModelBinderProviders.Insert(0, new Infrastructure.Hosting.TypedLineBreaksBinderProvider());
                options.ModelBinderProviders.Insert(0, new Infrastructure.Hosting.ReadableBooleanBinderProvider());
                options.ModelBinderProviders.Insert(0, new Infrastructure.Hosting.NamedChoiceBinderProvider());
                options.ModelBinderProviders.Insert(0, new Infrastructure.Hosting.WallClockTimeBinderProvider());
                options.Filters.Add(new Infrastructure.Hosting.UnreadableChoiceFilter());
                options.Conventions.Add(new Infrastructure.Hosting.HeadLikeGetConvention());
                options.Conventions.Add(new Infrastructure.Hosting.AddressParametersFromAddressConvention());
                Infrastructure.Hosting.BodyOnlyWithUnsafeMethods.Apply(options.ValueProviderFactories);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.DataAnnotations.IValidationAttributeAdapterProvider, Infrastructure.Localization.LocalizedAttributeAdapters>();
        // What the framework says of a value it cannot read at all (a number too large, a malformed date) is
        // written in the reader's language like every other validation message, not in the framework's English.
        builder.Services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((options, factory) =>
        {
            var T = factory.Create(typeof(SharedResource));
            var messages = options.ModelBindingMessageProvider;
            // The field arrives as its display name in English, the key of its translation.
            messages.SetAttemptedValueIsInvalidAccessor((_, field) => T["Enter a valid value for {0}.", T[field]]);
            messages.SetUnknownValueIsInvalidAccessor(field => T["Enter a valid value for {0}.", T[field]]);
            messages.SetValueMustBeANumberAccessor(field => T["{0} must be a number.", T[field]]);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => T["Enter a valid value."]);
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => T["Enter a valid value."]);
            messages.SetNonPropertyValueMustBeANumberAccessor(() => T["Enter a valid value."]);
            messages.SetValueIsInvalidAccessor(_ => T["Enter a valid value."]);
            messages.SetValueMustNotBeNullAccessor(_ => T["Enter a valid value."]);
        });
        builder.Services.AddScoped<Catalogue.CatalogueQuery>();
        builder.Services.AddScoped<Courses.CourseDetailsQuery>();
        builder.Services.AddScoped<Courses.CourseCalendarQuery>();
        builder.Services.AddScoped<Modules.ModulePageQuery>();
        builder.Services.AddScoped<Account.AccountService>();
        builder.Services.AddScoped<Users.UserAdministration>();
        builder.Services.AddScoped<Audit.AuditLog>();
        builder.Services.AddScoped<Audit.AuditLogQuery>();
        builder.Services.AddScoped<Reports.ApplicationReportQuery>();
        builder.Services.AddScoped<Applications.ApplicationWorkflow>();
        builder.Services.AddSingleton<Applications.ApplicationGroupCommit>();
        builder.Services.AddScoped<Applications.MyApplicationsQuery>();
        builder.Services.AddScoped<Scholarships.ScholarshipWorkflow>();
        builder.Services.AddHostedService<Scholarships.ScholarshipDeadlines>();
        builder.Services.AddSingleton<Endorsements.EndorsementLinks>();
        builder.Services.AddScoped<Endorsements.EndorsementRequests>();
        builder.Services.AddScoped<Endorsements.EndorsementReminderPass>();
        builder.Services.AddHostedService<Endorsements.EndorsementReminders>();
        builder.Services.AddScoped<Review.ReviewQuery>();
        builder.Services.AddScoped<Review.ReviewScoring>();
        builder.Services.AddScoped<Scholarships.ScholarshipBoardQuery>();
        builder.Services.AddScoped<Sessions.SessionInvitations>();
        builder.Services.AddScoped<Sessions.SessionScheduling>();
        builder.Services.AddScoped<Sessions.SessionReminderPass>();
        builder.Services.AddHostedService<Sessions.SessionReminders>();
        builder.Services.AddScoped<Learning.CourseReaders>();
        builder.Services.AddScoped<Learning.CourseProgressQuery>();
        builder.Services.AddScoped<Learning.ModuleProgress>();
        builder.Services.AddScoped<Learning.CertificateIssuing>();
        builder.Services.AddScoped<Authoring.ModuleEditing>();
        builder.Services.AddScoped<Authoring.ModuleFiles>();
        builder.Services.AddScoped<Authoring.CourseExport>();
        builder.Services.AddScoped<Authoring.DescriptionEditing>();
        builder.Services.AddScoped<Announcements.Announcing>();
        builder.Services.AddScoped<CourseAdmin.CourseAdministration>();
        // Views live beside their feature: Features/{Controller}/{View}.cshtml, shared ones in Features/Shared.
        builder.Services.Configure<RazorViewEngineOptions>(options =>
        {
            options.ViewLocationFormats.Clear();
            options.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
            options.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
        });
        builder.Services.AddOutputCache(options =>
        {
            // Anonymous pages built from content are served from memory until the content changes
            // (the importer evicts the tag) or a minute passes (statuses follow the clock).
            options.AddPolicy(PublicContentPolicy, policy => policy
                .Expire(TimeSpan.FromMinutes(1))
                .SetVaryByQuery("*")
                .VaryByValue(_ => new KeyValuePair<string, string>("culture", System.Globalization.CultureInfo.CurrentUICulture.Name))
                .Tag(ContentImporter.CacheTag));
        });
        return builder;
    }
}
