using Microsoft.AspNetCore.DataProtection;

namespace CourseHub.Web.Infrastructure.Hosting;

public static class SiteExtensions
{
    public static WebApplicationBuilder AddCourseHubSite(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        // Keys that sign cookies and tokens live in the database, so a restart logs nobody out and
        // several web nodes sharing the database accept each other's cookies.
        builder.Services.AddDataProtection()
            .SetApplicationName("CourseHub")
            .PersistKeysToDbContext<Data.CourseHubDbContext>();
        return builder;
    }

    /// <summary>Resolves a setting's path against the content root, as ASP.NET does for its own paths.</summary>
    public static string ResolvePath(this IHostEnvironment environment, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path));

    public static WebApplication UseCourseHubErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        return app;
    }
}
